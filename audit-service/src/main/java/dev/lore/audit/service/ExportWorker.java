package dev.lore.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.model.ExportFormat;
import dev.lore.audit.model.ExportJob;
import dev.lore.audit.repository.AuditReader;
import dev.lore.audit.repository.ExportJobRepository;
import dev.lore.audit.rest.AuditLogView;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PostConstruct;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs export jobs: claims one (see {@link ExportJobRepository#claim}), streams its rows from
 * PostgreSQL through a cursor into {@code <data-dir>/exports/<file>.part}, beating its heartbeat,
 * then renames the file into place and completes the job. A job whose instance died mid-way is
 * claimed again once its heartbeat is stale and starts over; completion is fenced by the attempt
 * number, so a worker that lost its claim cannot overwrite the new one's result.
 */
@ApplicationScoped
public class ExportWorker {
    private static final Logger LOG = Logger.getLogger(ExportWorker.class);
    private static final long HEARTBEAT_NANOS = 2_000_000_000L;

    @Inject
    ExportJobRepository jobs;
    @Inject
    AuditReader reader;
    @Inject
    AuditConfig config;
    @Inject
    ObjectMapper json;

    private ExecutorService executor;
    private final AtomicInteger draining = new AtomicInteger();

    @PostConstruct
    void start() throws IOException {
        Files.createDirectories(dir());
        executor = Executors.newFixedThreadPool(config.audit().export().workers(), r -> {
            Thread t = new Thread(r, "audit-export");
            t.setDaemon(true);
            return t;
        });
    }

    /** Before the persistence layer closes: no job starts during shutdown. */
    void stop(@Observes ShutdownEvent e) {
        executor.shutdownNow();
    }

    /** Starts a drain on a free worker; called on each new job and periodically for orphans. */
    public void wake() {
        if (executor.isShutdown()) {
            return;
        }
        if (draining.incrementAndGet() <= config.audit().export().workers()) {
            executor.submit(this::drain);
        } else {
            draining.decrementAndGet();
        }
    }

    @Scheduled(every = "${lore.audit.export.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    @Scheduled(every = "10m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCleanup() {
        expire(Instant.now());
    }

    /** Deletes the files of jobs past their expiry and marks them expired; answers how many. */
    public int expire(Instant now) {
        int n = 0;
        for (ExportJob job : jobs.expiredBy(now)) {
            try {
                Files.deleteIfExists(fileOf(job));
                Files.deleteIfExists(partOf(job));
                jobs.markExpired(job.id);
                n++;
            } catch (IOException ex) {
                LOG.warnf(ex, "Cannot delete the file of expired export %s", job.id);
            }
        }
        return n;
    }

    Path fileOf(ExportJob job) {
        return dir().resolve(ExportFormat.of(job.format).orElseThrow().fileName(job.id.toString(), job.gzip));
    }

    private Path partOf(ExportJob job) {
        return dir().resolve(fileOf(job).getFileName() + ".part");
    }

    private Path dir() {
        return config.dataDir().resolve("exports");
    }

    private void drain() {
        try {
            Optional<ExportJob> job;
            while ((job = jobs.claim(config.audit().export().lease())).isPresent()) {
                run(job.get());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Claiming export jobs failed; will retry");
        } finally {
            draining.decrementAndGet();
        }
    }

    private void run(ExportJob job) {
        Instant expires = Instant.now().plus(config.audit().export().ttl());
        if (job.attempts > config.audit().export().maxAttempts()) {
            jobs.fail(job.id, job.attempts, "gave up after " + (job.attempts - 1) + " attempts", expires);
            return;
        }
        LOG.infof("Export %s (attempt %d) of project %s started", job.id, job.attempts, job.projectId);
        Path part = partOf(job);
        long[] rows = {0};
        long[] lastBeat = {System.nanoTime()};
        try {
            AuditFilter filter = ExportService.filterOf(job, json);
            try (ExportWriter writer = new ExportWriter(part, ExportFormat.of(job.format).orElseThrow(), job.gzip,
                    json)) {
                reader.stream(job.projectId, filter, config.audit().export().fetchSize(), row -> {
                    writer.write(AuditLogView.of(row));
                    rows[0]++;
                    if (System.nanoTime() - lastBeat[0] > HEARTBEAT_NANOS) {
                        lastBeat[0] = System.nanoTime();
                        if (!jobs.heartbeat(job.id, job.attempts)) {
                            throw new LostClaim();
                        }
                    }
                });
            }
            Path file = fileOf(job);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (jobs.complete(job.id, job.attempts, rows[0], Files.size(file), expires)) {
                LOG.infof("Export %s completed: %d rows, %d bytes", job.id, rows[0], Files.size(file));
            }
        } catch (LostClaim e) {
            LOG.warnf("Export %s was taken over by another worker; abandoning attempt %d", job.id, job.attempts);
        } catch (Exception e) {
            LOG.errorf(e, "Export %s failed", job.id);
            jobs.fail(job.id, job.attempts, e.getClass().getSimpleName() + ": " + e.getMessage(), expires);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // best effort: expiry removes it too
            }
        }
    }

    private static final class LostClaim extends RuntimeException {
        LostClaim() {
            super(null, null, false, false);
        }
    }
}
