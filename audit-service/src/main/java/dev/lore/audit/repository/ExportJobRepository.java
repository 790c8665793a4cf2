package dev.lore.audit.repository;

import dev.lore.audit.model.ExportJob;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ExportJobRepository implements PanacheRepositoryBase<ExportJob, UUID> {

    public Optional<ExportJob> findInProject(String projectId, UUID id) {
        return find("id = ?1 and projectId = ?2", id, projectId).firstResultOptional();
    }

    /**
     * Claims the oldest job that is pending, or running with a heartbeat older than {@code lease}
     * (its worker died): marks it running and counts the attempt. SKIP LOCKED lets several workers
     * and instances claim side by side.
     */
    @Transactional
    public Optional<ExportJob> claim(Duration lease) {
        @SuppressWarnings("unchecked")
        List<Object> ids = getEntityManager().createNativeQuery("UPDATE audit_exports SET status = 'running', "
                        + "attempts = attempts + 1, started_at = now(), heartbeat_at = now() WHERE id = ("
                        + "SELECT id FROM audit_exports WHERE status = 'pending' OR (status = 'running' "
                        + "AND heartbeat_at < now() - make_interval(secs => ?1)) ORDER BY created_at "
                        + "FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id")
                .setParameter(1, lease.toMillis() / 1000.0)
                .getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(findById((UUID) ids.get(0)));
    }

    /** Records progress; false if the claim was lost (another worker took the job over). */
    @Transactional
    public boolean heartbeat(UUID id, int attempt) {
        return update("heartbeatAt = ?1 where id = ?2 and attempts = ?3 and status = ?4", Instant.now(), id, attempt,
                ExportJob.RUNNING) == 1;
    }

    @Transactional
    public boolean complete(UUID id, int attempt, long rows, long bytes, Instant expiresAt) {
        return update("status = ?1, rowCount = ?2, sizeBytes = ?3, finishedAt = ?4, expiresAt = ?5, error = null "
                        + "where id = ?6 and attempts = ?7 and status = ?8", ExportJob.COMPLETED, rows, bytes,
                Instant.now(), expiresAt, id, attempt, ExportJob.RUNNING) == 1;
    }

    @Transactional
    public boolean fail(UUID id, int attempt, String error, Instant expiresAt) {
        return update("status = ?1, error = ?2, finishedAt = ?3, expiresAt = ?4 where id = ?5 and attempts = ?6 "
                + "and status = ?7", ExportJob.FAILED, error, Instant.now(), expiresAt, id, attempt,
                ExportJob.RUNNING) == 1;
    }

    /** Jobs past their expiry that still hold (or may hold) a file. */
    public List<ExportJob> expiredBy(Instant now) {
        return list("expiresAt < ?1 and status in (?2, ?3, ?4)", now, ExportJob.COMPLETED, ExportJob.FAILED,
                ExportJob.PENDING);
    }

    @Transactional
    public void markExpired(UUID id) {
        update("status = ?1 where id = ?2", ExportJob.EXPIRED, id);
    }
}
