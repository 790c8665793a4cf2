package dev.lore.ingestion.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The transactional outbox. Plain JDBC on the caller's transaction (the datasource hands out the
 * connection enlisted in it, the one Hibernate uses too): rows are appended in batches, and ids
 * come from a serial at insert time so that, under the document row lock, a document's events are
 * numbered in commit order.
 */
@ApplicationScoped
public class OutboxRepository {

    public record Record(String topic, String key, String payload) {}

    public record Stored(long id, String topic, String key, String payload) {}

    /** Fired when rows are appended; observed after the transaction commits, it wakes the relay. */
    public record Appended(int rows) {}

    @Inject
    DataSource dataSource;
    @Inject
    Event<Appended> appended;

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public void append(List<Record> records) {
        if (records.isEmpty()) {
            return;
        }
        jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO outbox (topic, message_key, payload) VALUES (?, ?, ?)")) {
                for (Record r : records) {
                    ps.setString(1, r.topic());
                    ps.setString(2, r.key());
                    ps.setString(3, r.payload());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
        appended.fire(new Appended(records.size()));
    }

    /**
     * Takes the relay lease (one relay publishes at a time across instances, keeping order) and
     * reads the oldest unsent rows. Answers nothing when another instance holds the lease.
     */
    public List<Stored> leaseUnsent(int limit) {
        return jdbc(c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(7426556)");
                 ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return out;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, topic, message_key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    public void markSent(List<Long> ids) {
        jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET sent_at = now() WHERE id = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    public int deleteSentBefore(Instant cutoff) {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE sent_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                return ps.executeUpdate();
            }
        });
    }

    public long countUnsent() {
        return jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE sent_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private <T> T jdbc(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Outbox statement failed: " + e.getMessage(), e);
        }
    }
}
