package dev.lore.common.event;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Records for a dead-letter topic, written by Lore's consumers by hand rather than by SmallRye's
 * dead-letter strategy (which covers no batch consumer, and gives up when Kafka stays down past
 * its delivery timeout): the original key and value, with the headers that strategy writes, so
 * one tool reads every Lore DLQ.
 */
public final class DeadLetters {

    /**
     * @param cause optional; its {@code toString()} becomes {@code dead-letter-cause}
     */
    public static Message<String> of(String topic, int partition, long offset, String key, String value, String reason,
            Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", utf8(reason));
        if (cause != null) {
            headers.add("dead-letter-cause", utf8(cause.toString()));
        }
        headers.add("dead-letter-topic", utf8(topic));
        headers.add("dead-letter-partition", utf8(Integer.toString(partition)));
        headers.add("dead-letter-offset", utf8(Long.toString(offset)));
        return Message.of(value == null ? "" : value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
    }

    private static byte[] utf8(String s) {
        return String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetters() {
    }
}
