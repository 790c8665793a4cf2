package dev.lore.audit.repository;

import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.service.ChainHash;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Writes batches of audit events: in one transaction, lock the chain heads of the batch's projects,
 * skip events already stored (redeliveries), chain the rest, COPY them in and advance the heads.
 * If PostgreSQL rejects a row's data, the batch is redone row by row with savepoints and the
 * rejected rows are handed back for the dead-letter topic.
 */
@ApplicationScoped
public class AuditStore {
    static final String COLUMNS = "project_id, seq, event_id, time, stored_at, request_id, actor_type, actor_id, "
            + "actor_user_id, action, denied_action, resource_ids, method, path, status, error_code, latency_ms, "
            + "client_ip, user_agent, service, metadata, prev_hash, hash";
    private static final String COPY = "COPY audit_events (" + COLUMNS + ") FROM STDIN";

    @Inject
    AgroalDataSource db;
    @Inject
    Partitions partitions;

    /** What a batch did: rows stored, redeliveries skipped, rows PostgreSQL refused (with why). */
    public record Outcome(int stored, int duplicates, Map<AuditRecord, String> rejected) {
    }

    private static final class Head {
        long seq;
        byte[] hash;

        Head(long seq, byte[] hash) {
            this.seq = seq;
            this.hash = hash;
        }
    }

    public Outcome write(List<AuditRecord> batch) throws SQLException {
        if (batch.isEmpty()) {
            return new Outcome(0, 0, Map.of());
        }
        Set<YearMonth> months = new TreeSet<>();
        batch.forEach(r -> months.add(Partitions.monthOf(r.time())));
        partitions.ensure(months);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Head> heads = lockHeads(c, batch);
                List<AuditRecord> fresh = withoutStored(c, batch);
                List<AuditRecord> chained = new ArrayList<>(fresh.size());
                for (AuditRecord r : fresh) {
                    chained.add(chain(heads.get(r.projectId()), r));
                }
                copy(c, chained);
                saveHeads(c, heads);
                c.commit();
                return new Outcome(chained.size(), batch.size() - fresh.size(), Map.of());
            } catch (SQLException e) {
                c.rollback();
                if (!isDataError(e)) {
                    throw e;
                }
            }
            return writeOneByOne(c, batch);
        }
    }

    private Outcome writeOneByOne(Connection c, List<AuditRecord> batch) throws SQLException {
        try {
            Map<String, Head> heads = lockHeads(c, batch);
            List<AuditRecord> fresh = withoutStored(c, batch);
            Map<AuditRecord, String> rejected = new HashMap<>();
            int stored = 0;
            for (AuditRecord r : fresh) {
                Head head = heads.get(r.projectId());
                long seq = head.seq;
                byte[] hash = head.hash;
                Savepoint sp = c.setSavepoint();
                try {
                    copy(c, List.of(chain(head, r)));
                    c.releaseSavepoint(sp);
                    stored++;
                } catch (SQLException e) {
                    if (!isDataError(e)) {
                        throw e;
                    }
                    c.rollback(sp);
                    head.seq = seq;
                    head.hash = hash;
                    rejected.put(r, "PostgreSQL refused the row: " + e.getMessage());
                }
            }
            saveHeads(c, heads);
            c.commit();
            return new Outcome(stored, batch.size() - fresh.size(), rejected);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The next link of the project's chain; advances the head. */
    private static AuditRecord chain(Head head, AuditRecord r) {
        long seq = head.seq + 1;
        AuditRecord unhashed = r.chained(seq, head.hash, null);
        byte[] hash = ChainHash.of(head.hash, unhashed);
        head.seq = seq;
        head.hash = hash;
        return r.chained(seq, unhashed.prevHash(), hash);
    }

    /** Creates missing heads, then locks all of the batch's, in a fixed order (no deadlocks). */
    private static Map<String, Head> lockHeads(Connection c, List<AuditRecord> batch) throws SQLException {
        String[] projects = batch.stream().map(AuditRecord::projectId).distinct().sorted().toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chain_heads (project_id, seq, hash) "
                + "SELECT p, 0, ? FROM unnest(?::text[]) AS p ON CONFLICT (project_id) DO NOTHING")) {
            ps.setBytes(1, ChainHash.GENESIS);
            ps.setArray(2, c.createArrayOf("text", projects));
            ps.executeUpdate();
        }
        Map<String, Head> heads = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT project_id, seq, hash FROM audit_chain_heads "
                + "WHERE project_id = ANY(?) ORDER BY project_id FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("text", projects));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
        return heads;
    }

    /** The batch minus events already stored, and minus repeats within the batch. */
    private static List<AuditRecord> withoutStored(Connection c, List<AuditRecord> batch) throws SQLException {
        Instant min = batch.get(0).time();
        Instant max = min;
        for (AuditRecord r : batch) {
            min = r.time().isBefore(min) ? r.time() : min;
            max = r.time().isAfter(max) ? r.time() : max;
        }
        Set<UUID> seen = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM audit_events "
                + "WHERE event_id = ANY(?) AND time >= ? AND time <= ?")) {
            ps.setArray(1, c.createArrayOf("uuid", batch.stream().map(AuditRecord::eventId).toArray()));
            ps.setTimestamp(2, Timestamp.from(min));
            ps.setTimestamp(3, Timestamp.from(max));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<AuditRecord> fresh = new ArrayList<>(batch.size());
        for (AuditRecord r : batch) {
            if (seen.add(r.eventId())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    private static void saveHeads(Connection c, Map<String, Head> heads) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE project_id = ?")) {
            for (Map.Entry<String, Head> e : heads.entrySet()) {
                ps.setLong(1, e.getValue().seq);
                ps.setBytes(2, e.getValue().hash);
                ps.setString(3, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void copy(Connection c, List<AuditRecord> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(rows.size() * 600);
        for (AuditRecord r : rows) {
            CopyText.row(b, r);
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(b.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Class 22 (data exception) or 23 (integrity): the row is at fault, not the database. */
    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
