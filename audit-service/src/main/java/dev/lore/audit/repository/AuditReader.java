package dev.lore.audit.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.service.AuditFilter;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads stored audit events: pages, single rows, and streams (exports, chain checks). */
@ApplicationScoped
public class AuditReader {
    private static final String SELECT = "SELECT " + AuditStore.COLUMNS + " FROM audit_events ";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * A page as a deferred join: the keys of the page are found first, where an index can answer
     * them alone (filters on included columns are checked in the index, not on fetched rows), then
     * only those rows are read. Without it a filter matching little (say a month of one action's
     * 4xx) reads every row it rejects.
     */
    private static final String PAGE = "SELECT " + AuditStore.COLUMNS.replaceAll("(^|, )", "$1e.")
            + " FROM audit_events e JOIN (SELECT event_id, time FROM audit_events WHERE %s"
            + " ORDER BY time DESC, event_id DESC LIMIT ? OFFSET ?) k USING (event_id, time)"
            + " ORDER BY e.time DESC, e.event_id DESC";

    @Inject
    AgroalDataSource db;

    /** The newest link of a project's chain. */
    public record ChainHead(long seq, byte[] hash) {
    }

    /** Receives streamed rows; may throw to abort the stream. */
    @FunctionalInterface
    public interface RowSink {
        void accept(AuditRecord row) throws Exception;
    }

    public List<AuditRecord> page(String projectId, AuditFilter filter, int offset, int limit) throws SQLException {
        AuditFilter.Sql sql = filter.sql(projectId);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(PAGE.formatted(sql.where()))) {
            int i = bind(ps, sql.params());
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<AuditRecord> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    /** Matching rows, counted up to {@code cap} (a count of millions would cost seconds). */
    public long count(String projectId, AuditFilter filter, int cap) throws SQLException {
        AuditFilter.Sql sql = filter.sql(projectId);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM audit_events WHERE "
                     + sql.where() + " LIMIT ?) t")) {
            int i = bind(ps, sql.params());
            ps.setInt(i, cap);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Optional<AuditRecord> get(String projectId, UUID eventId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + "WHERE event_id = ? AND project_id = ?")) {
            ps.setObject(1, eventId);
            ps.setString(2, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Every matching row, oldest first, fetched {@code fetchSize} at a time (constant memory). */
    public void stream(String projectId, AuditFilter filter, int fetchSize, RowSink sink) throws Exception {
        AuditFilter.Sql sql = filter.sql(projectId);
        streamQuery(SELECT + "WHERE " + sql.where() + " ORDER BY time, event_id", sql.params(), fetchSize, sink);
    }

    /** The project's chain from {@code fromSeq} to {@code toSeq}, in order. */
    public void streamChain(String projectId, long fromSeq, long toSeq, int fetchSize, RowSink sink) throws Exception {
        streamQuery(SELECT + "WHERE project_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                List.of(projectId, fromSeq, toSeq), fetchSize, sink);
    }

    /** Lowest and highest chain position among the project's rows in the time range; null if none. */
    public long[] seqRange(String projectId, AuditFilter filter) throws SQLException {
        AuditFilter.Sql sql = filter.sql(projectId);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT min(seq), max(seq) FROM audit_events WHERE "
                     + sql.where())) {
            bind(ps, sql.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
            }
        }
    }

    /** The hash of the project's row at {@code seq}, if it is still stored. */
    public Optional<byte[]> hashAt(String projectId, long seq) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_events WHERE project_id = ? AND seq = ?")) {
            ps.setString(1, projectId);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** The project's chain head: {@code seq} and hash of its newest link. */
    public Optional<ChainHead> head(String projectId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_chain_heads WHERE project_id = ?")) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ChainHead(rs.getLong(1), rs.getBytes(2)));
            }
        }
    }

    private void streamQuery(String query, List<Object> params, int fetchSize, RowSink sink) throws Exception {
        try (Connection c = db.getConnection()) {
            // A cursor (fetch size honoured) needs a transaction.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setFetchSize(fetchSize);
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(row(rs));
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    private static AuditRecord row(ResultSet rs) throws SQLException {
        Array ids = rs.getArray("resource_ids");
        double latency = rs.getDouble("latency_ms");
        Double latencyMs = rs.wasNull() ? null : latency;
        String metadata = rs.getString("metadata");
        try {
            return new AuditRecord(rs.getString("project_id"), rs.getLong("seq"), rs.getObject("event_id", UUID.class),
                    instant(rs.getTimestamp("time")), instant(rs.getTimestamp("stored_at")), rs.getString("request_id"),
                    rs.getString("actor_type"), rs.getString("actor_id"), rs.getString("actor_user_id"),
                    rs.getString("action"), rs.getString("denied_action"),
                    ids == null ? List.of() : Arrays.asList((String[]) ids.getArray()), rs.getString("method"),
                    rs.getString("path"), rs.getShort("status"), rs.getString("error_code"), latencyMs,
                    rs.getString("client_ip"), rs.getString("user_agent"), rs.getString("service"),
                    metadata == null ? null : JSON.readTree(metadata), rs.getBytes("prev_hash"), rs.getBytes("hash"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("Unreadable metadata of audit event " + rs.getString("event_id"), e);
        }
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
