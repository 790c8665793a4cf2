package dev.lore.gateway.limit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Requests per minute per key or user, shared by every gateway replica through PostgreSQL (which
 * every replica already needs, so no new moving part; one single-row upsert per request).
 *
 * <p>The algorithm is GCRA: a subject's state is one timestamp, its theoretical arrival time (TAT).
 * Each request moves it one emission interval ({@code 60 s / rpm}) forward; a request is refused
 * when that would put the TAT more than a minute ahead of now. A subject may thus burst its whole
 * minute's allowance and is then paced, with no window boundaries to game. The check-and-move is
 * one atomic statement, so replicas never both spend the last request.
 */
@ApplicationScoped
public class RateLimiter {
    private static final long WINDOW_US = 60_000_000L;
    private static final String ACQUIRE = """
            insert into rate_limits as r (subject, tat_us) values (?, ?)
            on conflict (subject) do update set tat_us = greatest(r.tat_us, ?) + ?
            where greatest(r.tat_us, ?) + ? - ? <= ?
            returning tat_us""";
    private static final String PEEK = "select tat_us from rate_limits where subject = ?";

    @Inject
    AgroalDataSource dataSource;

    /** The verdict and what the {@code x-ratelimit-*} headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}

    public Decision acquire(String subject, int rpm) {
        long now = System.currentTimeMillis() * 1000;
        long interval = WINDOW_US / Math.max(1, rpm);
        try (Connection c = dataSource.getConnection()) {
            Long tat = null;
            try (PreparedStatement s = c.prepareStatement(ACQUIRE)) {
                s.setString(1, subject);
                s.setLong(2, now + interval);
                s.setLong(3, now);
                s.setLong(4, interval);
                s.setLong(5, now);
                s.setLong(6, interval);
                s.setLong(7, WINDOW_US);
                s.setLong(8, now);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        tat = r.getLong(1);
                    }
                }
            }
            if (tat != null) {
                int remaining = (int) Math.max(0, (now + WINDOW_US - tat) / interval);
                return new Decision(true, rpm, remaining, ceilSeconds(tat - now), 0);
            }
            long current = now + WINDOW_US;
            try (PreparedStatement s = c.prepareStatement(PEEK)) {
                s.setString(1, subject);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        current = r.getLong(1);
                    }
                }
            }
            long retryAfter = Math.max(1, ceilSeconds(current + interval - WINDOW_US - now));
            return new Decision(false, rpm, 0, ceilSeconds(current - now), retryAfter);
        } catch (SQLException e) {
            throw new IllegalStateException("rate limit store unavailable", e);
        }
    }

    private static long ceilSeconds(long micros) {
        return Math.max(0, (micros + 999_999) / 1_000_000);
    }
}
