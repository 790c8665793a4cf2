package dev.lore.ingestion.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The transactional outbox. Plain JDBC: rows are appended in batches inside the caller's
 * transaction, and ids come from a serial at insert time so that, under the document row lock,
 * a document's events are numbered in commit order.
 */
@ApplicationScoped
public class OutboxRepository {

    public record Record(String topic, String key, String payload) {}

    public record Stored(long id, String topic, String key, String payload) {}

    @Inject
    EntityManager em;

    public void append(List<Record> records) {
        if (records.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO outbox (topic, message_key, payload) VALUES (?, ?, ?)")) {
                for (Record r : records) {
                    ps.setString(1, r.topic());
                    ps.setString(2, r.key());
                    ps.setString(3, r.payload());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /**
     * Takes the relay lease (one relay publishes at a time across instances, keeping order) and
     * reads the oldest unsent rows. Answers nothing when another instance holds the lease.
     */
    public List<Stored> leaseUnsent(int limit) {
        List<Stored> out = new ArrayList<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(7426556)");
                 ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
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
        });
        return out;
    }

    public void markSent(List<Long> ids) {
        em.createNativeQuery("UPDATE outbox SET sent_at = now() WHERE id IN (:ids)")
                .setParameter("ids", ids)
                .executeUpdate();
    }

    public int deleteSentBefore(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM outbox WHERE sent_at < :cutoff")
                .setParameter("cutoff", Timestamp.from(cutoff))
                .executeUpdate();
    }

    public long countUnsent() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                .getSingleResult()).longValue();
    }
}
