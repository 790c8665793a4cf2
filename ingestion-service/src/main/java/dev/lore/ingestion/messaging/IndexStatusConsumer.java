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
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the index's acknowledgements. A message that cannot be read or applied goes to
 * {@code lore.index-status.v1.dlq}, and the partition moves on. A database that is down or has
 * dropped its connections is waited for instead (the message is retried, holding the partition):
 * an outage must not lose acknowledgements and strand documents in {@code indexing}. The dead
 * letter is sent like the other consumers' ({@link Publishing#untilDelivered}): the connector's
 * own dead-letter strategy gives up when Kafka stays down past its delivery timeout.
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

    @Incoming("index-status")
    @Blocking
    public void onMessage(ConsumerRecord<String, String> record) {
        try {
            apply(record.value());
        } catch (JsonProcessingException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e); // shutting down
            }
            LOG.warnf("Dead-lettering acknowledgement %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            Publishing.untilDelivered(() -> List.of(deadLetters.sendMessage(DeadLetters.of(record.topic(),
                    record.partition(), record.offset(), record.key(), record.value(), e.getMessage(), e.getCause()))),
                    config.ingestion().pipeline().pollInterval(), "a dead letter");
        }
    }

    private void apply(String value) throws JsonProcessingException {
        IndexStatusEvent event = json.readValue(value, IndexStatusEvent.class);
        if (event.documentId() == null || event.type() == null) {
            throw new IllegalArgumentException("index status event without document_id or type");
        }
        Consumer<IndexStatusEvent> apply = switch (event.type()) {
            case IndexStatusEvent.CHUNKS_INDEXED -> progress::indexed;
            case IndexStatusEvent.CHUNKS_FAILED -> progress::failed;
            default -> throw new IllegalArgumentException("unknown index status event type " + event.type());
        };
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(event);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isTransient(e)) {
                    throw e;
                }
                if (attempt == 1 || attempt % 30 == 0) {
                    LOG.errorf(e, "Applying the acknowledgement of document %s failed (attempt %d): the database "
                            + "is unavailable; retrying", event.documentId(), attempt);
                }
                sleep();
            }
        }
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
