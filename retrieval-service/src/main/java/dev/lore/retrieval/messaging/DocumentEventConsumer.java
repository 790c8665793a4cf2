package dev.lore.retrieval.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.DeadLetters;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.Publishing;
import dev.lore.common.event.Topics;
import dev.lore.retrieval.config.RetrievalConfig;
import dev.lore.retrieval.service.IndexingService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The embedding workers: consumer group {@code retrieval-indexer} on {@code lore.documents.v1},
 * in batches. A batch's offsets are committed only after its index writes are durable and its
 * acknowledgements and dead letters are on Kafka, so a crash anywhere replays the batch
 * (idempotently). Instances and partitions scale it out; the blocking, one-batch-at-a-time loop
 * is the back-pressure (Kafka holds the backlog, not the heap).
 */
@ApplicationScoped
public class DocumentEventConsumer {
    private static final Logger LOG = Logger.getLogger(DocumentEventConsumer.class);

    @Inject
    IndexingService indexing;
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

    @Incoming("documents")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
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
