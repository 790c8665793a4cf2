package dev.lore.audit.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An export of a project's audit events to a file: its request, progress and result. */
@Entity
@Table(name = "audit_exports")
public class ExportJob {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String EXPIRED = "expired";

    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "requested_by")
    public String requestedBy;
    public String status;
    public String format;
    public boolean gzip;
    /** The {@link dev.lore.audit.service.AuditFilter} as requested. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> filters;
    @Column(name = "row_count")
    public Long rowCount;
    @Column(name = "size_bytes")
    public Long sizeBytes;
    public String error;
    /** Claims so far; also the fencing token of the current claim. */
    public int attempts;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
