package dev.lore.retrieval.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.DeadLetters;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.Publishing;
import dev.lore.common.event.Topics;
import dev.lore.common.thread.BackgroundThreads;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
 * <p>A plain consumer on its own thread. The batches overlap by one: while a batch is written to
 * the index, acknowledged and committed on this thread, the next one is already embedding, so
 * the model's threads do not wait for the index's commit. No more than that is polled: Kafka
 * holds the backlog, not the heap, and nothing polls while a batch waits. (The connector's stream
 * paused its consumer instead, whose poll then returned at once while a fetch for the paused
 * partition sat in its buffer: about 500 empty polls a second, 2–4 % of a core.)
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
    /** Parses and embeds batches, one at a time, beside this worker's writes. */
    private ExecutorService preparer;
    /** Polled and handed to the preparer, not yet written (the worker's thread only). */
    private Batch inHand;

    private record Batch(ConsumerRecords<String, String> records, Future<IndexingService.Prepared> prepared) {
    }

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
        // The broker answers as soon as a record is there (fetch.min.bytes=1): the wait only bounds
        // an idle fetch, so a long one costs no latency and spares the idle broker requests.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5000);
        // The group heartbeat thread wakes every retry backoff (default 100 ms) to see whether a
        // heartbeat is due (every 3 s): 1 s still beats in time and wakes it a tenth as often.
        p.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, 1000);
        // A batch holds while the index or a remote model is down (on purpose: the partition
        // waits), a remote model up to its outage patience; past this the group hands the
        // partition to another instance, which replays the batch.
        Duration hold = config.worker().outagePatience().plusMinutes(5);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, Math.max(Duration.ofMinutes(10).toMillis(), hold.toMillis())));
        consumer = new KafkaConsumer<>(p);
        preparer = BackgroundThreads.pool("embedding-prepare", 1);
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
        if (preparer != null) {
            preparer.shutdownNow();
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
                // The batch in hand is finished before its partitions go: their next owner starts after it.
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    Batch batch = inHand;
                    inHand = null;
                    if (batch != null) {
                        finish(c, batch, null);
                    }
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
                // With a batch in hand, take only what is fetched already: its write must not wait.
                ConsumerRecords<String, String> records = c.poll(inHand == null ? Duration.ofSeconds(1) : Duration.ZERO);
                Batch next = records.isEmpty() ? null
                        : new Batch(records, preparer.submit(() -> indexing.prepare(messages(records))));
                Batch batch = inHand;
                inHand = next;
                if (batch != null && !finish(c, batch, next)) {
                    inHand = null;
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

    /**
     * Writes an embedded batch, publishes its acknowledgements and dead letters, and commits its
     * offsets. An unexpected failure (the index and Kafka outages are waited out inside) rewinds
     * the batch, and the one behind it, for a replay; answers whether the batch went through.
     */
    private boolean finish(KafkaConsumer<String, String> c, Batch batch, Batch behind) {
        try {
            IndexingService.Outcome outcome = indexing.write(batch.prepared().get());
            for (IndexingService.DeadLetter d : outcome.deadLetters()) {
                LOG.warnf("Dead-lettering %s-%d@%d: %s", Topics.DOCUMENTS, d.message().partition(),
                        d.message().offset(), d.reason());
            }
            Publishing.untilDelivered(() -> sends(outcome), config.worker().backoff(),
                    outcome.acks().size() + " acknowledgements and " + outcome.deadLetters().size() + " dead letters");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException(); // stopping: the batch is replayed on the next start
        } catch (ExecutionException | RuntimeException e) {
            if (!running) {
                throw new WakeupException();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.errorf(cause, "Embedding batch of %d events failed; replaying it in %s", batch.records().count(),
                    config.worker().backoff());
            if (behind != null) {
                try {
                    behind.prepared().get(); // it was polled after this batch: both go back
                } catch (ExecutionException ignored) {
                    // replayed anyway
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new WakeupException();
                }
                rewind(c, behind.records());
            }
            rewind(c, batch.records()); // after the one behind: a partition in both goes back to this batch's start
            sleep(config.worker().backoff());
            return false;
        }
        try {
            c.commitSync(next(batch.records()));
        } catch (CommitFailedException e) {
            // The group moved the partitions on (a batch past max.poll.interval): whoever
            // has them now replays the batch, which is idempotent.
            LOG.warnf("Could not commit a batch (%s); its events will be replayed", e.getMessage());
        }
        return true;
    }

    private static List<IndexingService.Message> messages(ConsumerRecords<String, String> records) {
        List<IndexingService.Message> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            batch.add(new IndexingService.Message(r.key(), r.value(), r.partition(), r.offset()));
        }
        return batch;
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
