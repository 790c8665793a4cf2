package dev.lore.ingestion.messaging;

import dev.lore.common.event.Topics;
import dev.lore.ingestion.config.IngestionConfig;
import dev.lore.ingestion.repository.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order and marks them sent. One relay publishes at a time
 * across instances (a PostgreSQL advisory lock held by the publishing transaction), so a
 * document's events keep their order. Rows are marked sent only after Kafka acknowledged them:
 * while Kafka is down, events wait in the outbox and go out once it is back (at least once; the
 * idempotent producer removes the duplicates its own retries would make).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    OutboxRepository outbox;
    @Inject
    IngestionConfig config;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Commits of this instance's rows since the relay last looked (see {@link #onAppended}). */
    private final Semaphore appended = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private KafkaProducer<String, String> producer;
    private volatile boolean topicsReady;

    void start(@Observes StartupEvent ev) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Fail a batch quickly when Kafka is away; the rows stay unsent and are retried.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        producer = new KafkaProducer<>(p);
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /**
     * Rows this instance commits go out at once, not at the next poll (which was up to 250 ms
     * later for every document, and four idle transactions a second); the poll is left to catch
     * other instances' rows and what a crash left behind.
     */
    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxRepository.Appended rows) {
        appended.release();
    }

    private void loop() {
        long idle = config.ingestion().outbox().pollInterval().toMillis();
        long backoff = idle;
        Instant lastCleanup = Instant.EPOCH;
        while (running) {
            try {
                ensureTopics();
                appended.drainPermits(); // this look answers every commit so far
                int sent = relayOnce();
                backoff = idle;
                if (Instant.now().isAfter(lastCleanup.plusSeconds(60))) {
                    lastCleanup = Instant.now();
                    Instant cutoff = lastCleanup.minus(config.ingestion().outbox().retention());
                    QuarkusTransaction.requiringNew().run(() -> outbox.deleteSentBefore(cutoff));
                }
                if (sent < config.ingestion().outbox().batchSize()) {
                    appended.tryAcquire(idle, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(LOG.isDebugEnabled() ? e : null, "Outbox relay could not publish (%s); retrying in %d ms",
                        e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /**
     * Publishes one batch and marks sent the rows Kafka acknowledged, even when the batch fails
     * part-way: records already handed to the producer may still be delivered, and resending all
     * of them would duplicate them. Answers how many rows went out; throws after recording
     * them if some could not be published.
     */
    int relayOnce() {
        RuntimeException[] failure = new RuntimeException[1];
        int sent = QuarkusTransaction.requiringNew().timeout(120).call(() -> {
            List<OutboxRepository.Stored> rows = outbox.leaseUnsent(config.ingestion().outbox().batchSize());
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (OutboxRepository.Stored r : rows) {
                Future<RecordMetadata> ack;
                try {
                    ack = producer.send(new ProducerRecord<>(r.topic(), r.key(), r.payload()));
                } catch (KafkaException e) {
                    failure[0] = e;
                    break;
                }
                acks.add(ack);
                // A send that failed at once (no metadata: Kafka is away) means the rest would
                // too; stop handing records over so none of them overtakes this one later.
                if (ack.isDone() && failedAtOnce(ack)) {
                    break;
                }
            }
            producer.flush();
            // A row counts as sent only if every earlier row of its key was sent too: a record
            // that failed is published again later, and nothing of its key may overtake it.
            List<Long> acked = new ArrayList<>(acks.size());
            Set<String> blockedKeys = new HashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                OutboxRepository.Stored row = rows.get(i);
                if (i < acks.size() && !blockedKeys.contains(row.key())) {
                    try {
                        acks.get(i).get();
                        acked.add(row.id());
                        continue;
                    } catch (ExecutionException e) {
                        failure[0] = new IllegalStateException(e.getCause().getMessage(), e.getCause());
                    }
                }
                blockedKeys.add(row.key());
            }
            if (!acked.isEmpty()) {
                outbox.markSent(acked);
            }
            return acked.size();
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return sent;
    }

    private static boolean failedAtOnce(Future<RecordMetadata> ack) {
        try {
            ack.get();
            return false;
        } catch (ExecutionException | InterruptedException e) {
            return true;
        }
    }

    /** Creates lore.documents.v1 with the configured partitions; the broker's defaults would do less. */
    private void ensureTopics() {
        if (topicsReady) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            admin.createTopics(List.of(new NewTopic(Topics.DOCUMENTS, config.ingestion().outbox().partitions(),
                    (short) 1))).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + Topics.DOCUMENTS + ": " + e.getCause().getMessage());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka: " + e.getMessage(), e);
        }
        topicsReady = true;
    }
}
