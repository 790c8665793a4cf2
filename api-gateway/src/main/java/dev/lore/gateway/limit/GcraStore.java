package dev.lore.gateway.limit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The shared GCRA state, one row per subject in the unlogged {@code rate_limits} table: its
 * theoretical arrival time (TAT, epoch microseconds). Blocking; every call is one statement on an
 * auto-commit connection.
 */
@ApplicationScoped
class GcraStore {
    /**
     * Takes up to {@code want} requests at once: as many as fit before the TAT would run more than a
     * window ahead of now, moving it one interval forward for each. Refuses (no row returned) when
     * not even one fits. Check and move are one atomic statement, so replicas never both spend the
     * last request. Parameters: subject, now + want·interval, want (a new subject); then, with
     * base = greatest(tat, now): now, want, horizon, now, interval, interval (the new TAT),
     * want, horizon, now, interval (how many were taken), now, interval, horizon (the room check).
     */
    private static final String TAKE = """
            insert into rate_limits as r (subject, tat_us, granted) values (?, ?, ?)
            on conflict (subject) do update
               set tat_us = greatest(r.tat_us, ?) + least(?, (? - greatest(r.tat_us, ?)) / ?) * ?,
                   granted = least(?, (? - greatest(r.tat_us, ?)) / ?)
             where greatest(r.tat_us, ?) + ? <= ?
            returning tat_us, granted""";
    private static final String PEEK = "select tat_us from rate_limits where subject = ?";

    @Inject
    AgroalDataSource dataSource;

    /**
     * What a {@link #take} got: how many requests, and the subject's TAT after them; when refused
     * ({@code granted} 0), its TAT as it stands.
     */
    record Grant(int granted, long tatUs) {
        boolean refused() {
            return granted == 0;
        }
    }

    /** Takes between 1 and {@code want} requests, at most a window's worth ({@code want · interval ≤ window}). */
    Grant take(String subject, long intervalUs, int want, long nowUs, long windowUs) {
        long horizon = nowUs + windowUs;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(TAKE)) {
                s.setString(1, subject);
                bind(s, 2, nowUs + want * intervalUs, want,
                        nowUs, want, horizon, nowUs, intervalUs, intervalUs,
                        want, horizon, nowUs, intervalUs,
                        nowUs, intervalUs, horizon);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return new Grant(r.getInt(2), r.getLong(1));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(PEEK)) {
                s.setString(1, subject);
                try (ResultSet r = s.executeQuery()) {
                    return new Grant(0, r.next() ? r.getLong(1) : horizon);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rate limit store unavailable", e);
        }
    }

    private static void bind(PreparedStatement s, int first, long... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setLong(first + i, values[i]);
        }
    }
}
