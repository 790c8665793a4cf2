package dev.lore.gateway.identity;

import dev.lore.gateway.model.ApiKey;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Reads a key by the hash of its secret with plain JDBC: one indexed select on an auto-commit
 * connection, where an ORM transaction costs several times the CPU for a read-only row. Blocking.
 */
@ApplicationScoped
class KeyLookup {
    /** last_used_at is a hint, written at most this often per key to keep the hot path read-only. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final String SELECT = """
            select id, owner, all_projects, project_ids, permissions, rate_limit_rpm, expires_at, status, last_used_at
            from api_keys where secret_hash = ?""";
    private static final String TOUCH = """
            update api_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)""";

    @Inject
    AgroalDataSource dataSource;

    /** The key with this secret hash, or null when there is none. */
    ResolvedKey read(byte[] secretHash) {
        try (Connection c = dataSource.getConnection()) {
            ResolvedKey key;
            Instant lastUsed;
            try (PreparedStatement s = c.prepareStatement(SELECT)) {
                s.setBytes(1, secretHash);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return null;
                    }
                    Instant expiresAt = instant(r, "expires_at");
                    key = new ResolvedKey(r.getString("status"), expiresAt, new Principal(Principal.Kind.API_KEY,
                            r.getString("owner"), r.getString("id"), r.getBoolean("all_projects"),
                            List.of(strings(r, "project_ids")), Set.of(strings(r, "permissions")),
                            r.getInt("rate_limit_rpm"), expiresAt));
                    lastUsed = instant(r, "last_used_at");
                }
            }
            Instant now = Instant.now();
            if (ApiKey.ACTIVE.equals(ApiKey.effectiveStatus(key.status(), key.expiresAt(), now))
                    && (lastUsed == null || lastUsed.isBefore(now.minus(LAST_USED_GRANULARITY)))) {
                touch(c, key.principal().keyId(), now);
            }
            return key;
        } catch (SQLException e) {
            throw new IllegalStateException("key store unavailable", e);
        }
    }

    private static void touch(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(TOUCH)) {
            s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setString(2, id);
            s.setObject(3, OffsetDateTime.ofInstant(now.minus(LAST_USED_GRANULARITY), ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String[] strings(ResultSet r, String column) throws SQLException {
        return (String[]) r.getArray(column).getArray();
    }
}
