package dev.lore.audit.messaging;

import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.service.AuditIngest;
import dev.lore.common.event.DeadLetters;
import dev.lore.common.event.Publishing;
import dev.lore.common.event.Topics;
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
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumer group {@code audit-service} on {@code lore.audit.v1}, a batch at a time. The method
 * returns, and the batch's offsets become committable, only after its rows are committed in
 * PostgreSQL and its dead letters are on Kafka: kill the service anywhere and the batch is replayed,
 * and stored once. Dead letters are sent again until Kafka takes them ({@link Publishing}).
 */
@ApplicationScoped
public class AuditEventConsumer {
    private static final Logger LOG = Logger.getLogger(AuditEventConsumer.class);

    @Inject
    AuditIngest ingest;
    @Inject
    AuditConfig config;
    @Inject
    @Channel("audit-dlq")
    MutinyEmitter<String> deadLetters;

    @Incoming("audit")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<AuditIngest.Message> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            batch.add(new AuditIngest.Message(r.key(), r.value(), r.partition(), r.offset()));
        }
        List<AuditIngest.DeadLetter> dead = ingest.ingest(batch);
        for (AuditIngest.DeadLetter d : dead) {
            LOG.warnf("Dead-lettering %s-%d@%d: %s", Topics.AUDIT, d.message().partition(), d.message().offset(),
                    d.reason());
        }
        Publishing.untilDelivered(() -> dead.stream().map(d -> deadLetters.sendMessage(deadLetter(d))).toList(),
                config.audit().ingest().backoff(), dead.size() + " dead letters");
    }

    private static Message<String> deadLetter(AuditIngest.DeadLetter d) {
        return DeadLetters.of(Topics.AUDIT, d.message().partition(), d.message().offset(), d.message().key(),
                d.message().value(), d.reason(), null);
    }
}
