package dev.lore.audit.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.model.ExportFormat;
import dev.lore.audit.model.ExportJob;
import dev.lore.audit.repository.ExportJobRepository;
import dev.lore.common.error.LoreException;
import dev.lore.common.id.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** Export jobs: requested here, run by {@link ExportWorker}, downloaded until they expire. */
@ApplicationScoped
public class ExportService {
    @Inject
    ExportJobRepository jobs;
    @Inject
    ExportWorker worker;
    @Inject
    AuditConfig config;
    @Inject
    ObjectMapper json;

    public ExportJob create(String projectId, String requestedBy, AuditFilter filter, String format, Boolean gzip) {
        filter.validated();
        ExportFormat f = ExportFormat.of(format == null ? ExportFormat.JSON.id : format).orElseThrow(() ->
                LoreException.badRequest("format must be json, jsonl or csv", "format"));
        ExportJob job = QuarkusTransaction.requiringNew().call(() ->
                persist(projectId, requestedBy, filter, f, Boolean.TRUE.equals(gzip)));
        worker.wake(); // after the commit, so the worker can claim it
        return job;
    }

    private ExportJob persist(String projectId, String requestedBy, AuditFilter filter, ExportFormat format, boolean gzip) {
        ExportJob job = new ExportJob();
        job.id = UUID.randomUUID();
        job.projectId = projectId;
        job.requestedBy = requestedBy;
        job.status = ExportJob.PENDING;
        job.format = format.id;
        job.gzip = gzip;
        job.filters = json.convertValue(filter, new TypeReference<Map<String, Object>>() {});
        job.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        job.expiresAt = job.createdAt.plus(config.audit().export().ttl());
        jobs.persist(job);
        return job;
    }

    public ExportJob get(String projectId, String id) {
        UUID jobId = Ids.pathId(id, "export");
        return jobs.findInProject(projectId, jobId).orElseThrow(() -> LoreException.notFound("export", id));
    }

    /** The finished file; a job not finished, failed or expired is a clear 409 or 410. */
    public Path file(ExportJob job) {
        return switch (job.status) {
            case ExportJob.COMPLETED -> {
                Path file = worker.fileOf(job);
                if (!Files.isRegularFile(file)) {
                    throw new LoreException(410, "export_expired", "Export " + job.id + " is no longer available");
                }
                yield file;
            }
            case ExportJob.EXPIRED -> throw new LoreException(410, "export_expired", "Export " + job.id
                    + " expired; request it again");
            case ExportJob.FAILED -> throw LoreException.conflict("export_failed", "Export " + job.id + " failed: "
                    + job.error);
            default -> throw LoreException.conflict("export_not_ready", "Export " + job.id + " is " + job.status
                    + "; download it once its status is completed");
        };
    }

    static AuditFilter filterOf(ExportJob job, ObjectMapper json) {
        return json.convertValue(job.filters, AuditFilter.class);
    }
}
