package dev.lore.ingestion.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.error.DatabaseFailures;
import dev.lore.common.event.DeadLetters;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.Publishing;
import dev.lore.ingestion.config.IngestionConfig;
import dev.lore.ingestion.service.IndexingProgress;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the index's acknowledgements, a poll's worth at a time in one transaction. A message
 * that cannot be read or applied goes to {@code lore.index-status.v1.dlq}, and the partition
 * moves on: a batch that fails on its data is applied again one message at a time to find it. A
 * database that is down or has dropped its connections is waited for instead (the batch is
 * retried, holding the partition): an outage must not lose acknowledgements and strand documents
 * in {@code indexing}. The dead letter is sent like the other consumers' ({@link
 * Publishing#untilDelivered}): the connector's own dead-letter strategy gives up when Kafka stays
 * down past its delivery timeout.
 */
@ApplicationScoped
public class IndexStatusConsumer {
    private static final Logger LOG = Logger.getLogger(IndexStatusConsumer.class);

    @Inject
    ObjectMapper json;
    @Inject
    IndexingProgress progress;
    @Inject
    IngestionConfig config;

    @Inject
    @Channel("index-status-dlq")
    MutinyEmitter<String> deadLetters;

    private record Ack(ConsumerRecord<String, String> record, IndexStatusEvent event) {}

    @Incoming("index-status")
    @Blocking
    public void onMessages(ConsumerRecords<String, String> records) {
        List<Ack> acks = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                acks.add(new Ack(record, read(record.value())));
            } catch (JsonProcessingException | RuntimeException e) {
                deadLetter(record, e);
            }
        }
        try {
            untilTheDatabaseAnswers(acks.stream().map(Ack::event).toList());
        } catch (RuntimeException batchFailure) {
            for (Ack ack : acks) {
                try {
                    untilTheDatabaseAnswers(List.of(ack.event()));
                } catch (RuntimeException e) {
                    deadLetter(ack.record(), e);
                }
            }
        }
    }

    private IndexStatusEvent read(String value) throws JsonProcessingException {
        IndexStatusEvent event = json.readValue(value, IndexStatusEvent.class);
        if (event.documentId() == null || event.type() == null) {
            throw new IllegalArgumentException("index status event without document_id or type");
        }
        if (!IndexStatusEvent.CHUNKS_INDEXED.equals(event.type()) && !IndexStatusEvent.CHUNKS_FAILED.equals(event.type())) {
            throw new IllegalArgumentException("unknown index status event type " + event.type());
        }
        return event;
    }

    /** Applies the acknowledgements, retrying while the database is away; any other failure is thrown. */
    private void untilTheDatabaseAnswers(List<IndexStatusEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                progress.apply(events);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isTransient(e)) {
                    throw e;
                }
                if (attempt == 1 || attempt % 30 == 0) {
                    LOG.errorf(e, "Applying %d acknowledgements (of document %s first) failed (attempt %d): the "
                            + "database is unavailable; retrying", events.size(), events.get(0).documentId(), attempt);
                }
                sleep();
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception e) {
        if (Thread.currentThread().isInterrupted()) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e); // shutting down
        }
        LOG.warnf("Dead-lettering acknowledgement %s-%d@%d: %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
        Publishing.untilDelivered(() -> List.of(deadLetters.sendMessage(DeadLetters.of(record.topic(),
                record.partition(), record.offset(), record.key(), record.value(), e.getMessage(), e.getCause()))),
                config.ingestion().pipeline().pollInterval(), "a dead letter");
    }

    private void sleep() {
        try {
            Thread.sleep(config.ingestion().pipeline().pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the database", e);
        }
    }
}
