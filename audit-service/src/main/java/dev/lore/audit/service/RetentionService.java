package dev.lore.audit.service;

import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.repository.Partitions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Drops monthly partitions that lie wholly before the retention horizon: instant, no row deletes,
 * no vacuum debt. Runs at start and hourly. The hash chain stays verifiable: a check whose range
 * starts after a dropped month anchors on the first remaining row.
 */
@ApplicationScoped
public class RetentionService {
    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    @Inject
    Partitions partitions;
    @Inject
    AuditConfig config;

    @Scheduled(every = "1h", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            enforce(Instant.now());
        } catch (SQLException e) {
            LOG.errorf(e, "Enforcing the audit retention failed; will retry");
        }
    }

    /** Drops the months that ended before {@code now − retention}; answers them. */
    public List<YearMonth> enforce(Instant now) throws SQLException {
        Instant horizon = now.minus(config.audit().retention());
        List<YearMonth> dropped = new ArrayList<>();
        for (YearMonth m : partitions.list()) {
            Instant end = m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!end.isAfter(horizon)) {
                partitions.drop(m);
                dropped.add(m);
                LOG.infof("Dropped audit partition %s (older than the %s retention)", m, config.audit().retention());
            }
        }
        return dropped;
    }
}
