package dev.lore.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.AuditEvent;
import dev.lore.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With Kafka unreachable, emitting never holds up the caller: events beyond the buffer are dropped
 * and counted at once, and those already buffered are counted once the producer gives up on them.
 */
class AuditEmitterKafkaDownTest {

    @Test
    void eventsBeyondTheBufferAreDroppedAndCountedWithoutBlocking() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // "2s", as Quarkus reads it
                .withDefaultValues(Map.of(
                        "lore.gateway.audit.buffer-size", "5",
                        "lore.gateway.audit.delivery-timeout", "1s"))
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditEmitter emitter = new AuditEmitter(registry, new ObjectMapper(), config.getConfigMapping(GatewayConfig.class),
                "127.0.0.1:" + deadPort);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                emitter.offer(event(i));
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            // Generous bound: a blocking emitter would wait out the 1 s delivery timeout per event.
            assertTrue(tookMillis < 1_000, "50 emits with Kafka down took " + tookMillis + " ms");
            // Held back: the buffer of 5, plus what the sender took in hand before Kafka stalled it
            // (the first event and at most one buffer-full drained with it).
            assertTrue(emitter.droppedCount() >= 50 - 5 - 6, "events beyond the buffer are dropped at once; counted "
                    + emitter.droppedCount());

            long deadline = System.nanoTime() + 15_000_000_000L;
            while (emitter.droppedCount() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(50.0, emitter.droppedCount(), "buffered events count as dropped once the producer gives up");
            assertEquals(50.0, registry.get("lore.audit.events.dropped").counter().count());
        } finally {
            emitter.close();
        }
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(AuditEvent.SCHEMA, UUID.randomUUID().toString(), Instant.now().toString(), "req-" + i,
                "default", new AuditEvent.Actor("anonymous", null, null), "documents.list", null, List.of(), "GET",
                "/v1/documents", 200, null, 1.0, "127.0.0.1", "test", "ingestion", null);
    }
}
