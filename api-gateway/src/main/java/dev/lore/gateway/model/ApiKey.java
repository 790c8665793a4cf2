package dev.lore.gateway.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** An API key: only its SHA-256 and a display prefix are stored; the secret is shown once. */
@Entity
@Table(name = "api_keys")
public class ApiKey {
    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";
    public static final String REVOKED = "revoked";
    /** Reported, never stored: an active key past its {@code expires_at}. */
    public static final String EXPIRED = "expired";

    @Id
    public String id;
    public String name;
    public String owner;
    @Column(name = "secret_hash")
    public byte[] secretHash;
    @Column(name = "display_prefix")
    public String displayPrefix;
    @Column(name = "all_projects")
    public boolean allProjects;
    @Column(name = "project_ids")
    public String[] projectIds;
    public String[] permissions;
    @Column(name = "rate_limit_rpm")
    public int rateLimitRpm;
    @Column(name = "expires_at")
    public Instant expiresAt;
    public String status;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** active, disabled, revoked, or expired when an active key is past its expiry. */
    public String effectiveStatus(Instant now) {
        return effectiveStatus(status, expiresAt, now);
    }

    public static String effectiveStatus(String status, Instant expiresAt, Instant now) {
        if (ACTIVE.equals(status) && expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return status;
    }

    public List<String> projectList() {
        return List.of(projectIds);
    }
}
