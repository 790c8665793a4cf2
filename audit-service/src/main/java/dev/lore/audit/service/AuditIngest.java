package dev.lore.audit.service;

import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.repository.AuditStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Turns a batch of {@code lore.audit.v1} messages into stored rows and dead letters. Malformed
 * events, events from further in the future than the allowed clock skew and rows PostgreSQL refuses
 * become dead letters; events already older than the retention are dropped (counted). While
 * PostgreSQL is unavailable the batch is retried, holding the partition: nothing is acknowledged early.
 */
@ApplicationScoped
public class AuditIngest {
    private static final Logger LOG = Logger.getLogger(AuditIngest.class);

    @Inject
    AuditStore store;
    @Inject
    AuditConfig config;

    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter expired;

    @Inject
    AuditIngest(MeterRegistry registry) {
        stored = registry.counter("lore.audit.events.stored");
        duplicates = registry.counter("lore.audit.events.duplicate");
        deadLettered = registry.counter("lore.audit.events.dead.lettered");
        expired = registry.counter("lore.audit.events.expired");
    }

    public record Message(String key, String value, int partition, long offset) {
    }

    public record DeadLetter(Message message, String reason) {
    }

    /** Stores the batch durably and answers the messages to dead-letter. */
    public List<DeadLetter> ingest(List<Message> batch) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant oldest = now.minus(config.audit().retention());
        Instant newest = now.plus(config.audit().maxClockSkew());
        List<DeadLetter> dead = new ArrayList<>();
        List<AuditRecord> rows = new ArrayList<>(batch.size());
        Map<AuditRecord, Message> origin = new IdentityHashMap<>();
        for (Message m : batch) {
            switch (EventParser.parse(m.value(), now)) {
                case EventParser.Rejected r -> dead.add(new DeadLetter(m, r.reason()));
                case EventParser.Parsed p -> {
                    AuditRecord r = p.record();
                    if (r.time().isBefore(oldest)) {
                        expired.increment();
                    } else if (r.time().isAfter(newest)) {
                        dead.add(new DeadLetter(m, "time " + r.time() + " is more than "
                                + config.audit().maxClockSkew() + " ahead of this service's clock"));
                    } else {
                        rows.add(r);
                        origin.put(r, m);
                    }
                }
            }
        }
        AuditStore.Outcome outcome = writeDurably(rows);
        outcome.rejected().forEach((row, reason) -> dead.add(new DeadLetter(origin.get(row), reason)));
        stored.increment(outcome.stored());
        duplicates.increment(outcome.duplicates());
        deadLettered.increment(dead.size());
        return dead;
    }

    private AuditStore.Outcome writeDurably(List<AuditRecord> rows) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.write(rows);
            } catch (SQLException | RuntimeException e) {
                if (attempt == 1 || attempt % 30 == 0) {
                    LOG.errorf(e, "Storing %d audit events failed (attempt %d); retrying", rows.size(), attempt);
                }
                try {
                    Thread.sleep(config.audit().ingest().backoff().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while storing audit events", ie);
                }
            }
        }
    }
}
