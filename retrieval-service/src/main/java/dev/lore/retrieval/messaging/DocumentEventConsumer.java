package dev.lore.retrieval.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.DeadLetters;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.Publishing;
import dev.lore.common.event.Topics;
import dev.lore.retrieval.config.RetrievalConfig;
import dev.lore.retrieval.service.IndexingService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The embedding workers: consumer group {@code retrieval-indexer} on {@code lore.documents.v1},
 * a batch per poll. A batch's offsets are committed only after its index writes are durable and
 * its acknowledgements and dead letters are on Kafka, so a crash anywhere replays the batch
 * (idempotently). With Qdrant, more instances (up to the partitions) share the work; the
 * embedded index is one instance's own ({@link EmbeddedIndexCoverage} reports a second one).
 *
 * <p>A plain consumer on its own thread, polling only when the previous batch is done: that is
 * the back-pressure (Kafka holds the backlog, not the heap), and nothing polls meanwhile. The
 * connector's stream did the same with a paused consumer, whose poll returned at once while a
 * fetch for the paused partition sat in its buffer: about 500 empty polls a second, 2–4 % of a
 * core, for as long as a batch was embedding.
 */
@Liveness
@ApplicationScoped
public class DocumentEventConsumer implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(DocumentEventConsumer.class);
    public static final String GROUP = "retrieval-indexer";
    /** About 10 s of embedding on 2 cores under a backlog: fewer, larger batches keep the cores on the model. */
    private static final int MAX_BATCH = 256;

    @Inject
    IndexingService indexing;
    @Inject
    @Readiness
    EmbeddedIndexCoverage coverage;
    @Inject
    RetrievalConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    @Channel("index-status")
    MutinyEmitter<String> acks;
    @Inject
    @Channel("documents-dlq")
    MutinyEmitter<String> deadLetters;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    void start(@Observes StartupEvent ev) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "retrieval-indexer-" + ProcessHandle.current().pid());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_BATCH);
        // A batch holds while the index or a remote model is down (on purpose: the partition
        // waits), a remote model up to its outage patience; past this the group hands the
        // partition to another instance, which replays the batch.
        Duration hold = config.worker().outagePatience().plusMinutes(5);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, Math.max(Duration.ofMinutes(10).toMillis(), hold.toMillis())));
        consumer = new KafkaConsumer<>(p);
        running = true;
        thread = new Thread(this::loop, "embedding-worker");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
            thread.interrupt();
        }
    }

    /** Down once the worker's thread has ended while the service runs: nothing would index. */
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("embedding-worker")
                .status(!running || (thread != null && thread.isAlive())).build();
    }

    private void loop() {
        try (KafkaConsumer<String, String> c = consumer) {
            c.subscribe(List.of(Topics.DOCUMENTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                // Called after every rebalance; the assignment is the whole of what this worker holds.
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if ("lucene".equals(config.index().kind())) {
                        try {
                            coverage.assigned(c.assignment().size(), c.partitionsFor(Topics.DOCUMENTS).size());
                        } catch (RuntimeException e) {
                            // A check only: a metadata timeout must not fail the poll (and stop the worker).
                            LOG.warnf("Cannot check the embedded index's share of %s: %s", Topics.DOCUMENTS,
                                    e.getMessage());
                        }
                    }
                }
            });
            while (running) {
                ConsumerRecords<String, String> records = c.poll(Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    consume(records);
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    // Unexpected (the index and Kafka outages are waited out inside): replay the batch.
                    LOG.errorf(e, "Embedding batch of %d events failed; replaying it in %s", records.count(),
                            config.worker().backoff());
                    rewind(c, records);
                    sleep(config.worker().backoff());
                    continue;
                }
                try {
                    c.commitSync(next(records));
                } catch (CommitFailedException e) {
                    // The group moved the partitions on (a batch past max.poll.interval): whoever
                    // has them now replays the batch, which is idempotent.
                    LOG.warnf("Could not commit a batch (%s); its events will be replayed", e.getMessage());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("The embedding worker stopped", e);
            throw e;
        }
    }

    private void consume(ConsumerRecords<String, String> records) {
        List<IndexingService.Message> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            batch.add(new IndexingService.Message(r.key(), r.value(), r.partition(), r.offset()));
        }
        IndexingService.Outcome outcome = indexing.apply(batch);
        for (IndexingService.DeadLetter d : outcome.deadLetters()) {
            LOG.warnf("Dead-lettering %s-%d@%d: %s", Topics.DOCUMENTS, d.message().partition(),
                    d.message().offset(), d.reason());
        }
        Publishing.untilDelivered(() -> sends(outcome), config.worker().backoff(),
                outcome.acks().size() + " acknowledgements and " + outcome.deadLetters().size() + " dead letters");
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> rs = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void rewind(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
        for (TopicPartition tp : records.partitions()) {
            c.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Uni<Void>> sends(IndexingService.Outcome outcome) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (IndexingService.DeadLetter d : outcome.deadLetters()) {
            sends.add(deadLetters.sendMessage(deadLetter(d)));
        }
        for (IndexStatusEvent ack : outcome.acks()) {
            sends.add(acks.sendMessage(keyed(ack.documentId().toString(), write(ack))));
        }
        return sends;
    }

    private static Message<String> deadLetter(IndexingService.DeadLetter d) {
        return DeadLetters.of(Topics.DOCUMENTS, d.message().partition(), d.message().offset(), d.message().key(),
                d.message().value(), d.reason(), d.cause());
    }

    private static Message<String> keyed(String key, String value) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    private String write(IndexStatusEvent ack) {
        try {
            return json.writeValueAsString(ack);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
