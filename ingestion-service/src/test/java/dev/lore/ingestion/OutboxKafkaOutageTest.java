package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.awaitStatus;
import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.common.event.Topics;
import dev.lore.ingestion.repository.OutboxRepository;
import dev.lore.testsupport.KafkaTestClient;
import dev.lore.testsupport.LoreInfra;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Kafka down during an upload loses nothing: the events wait in the outbox and go out once. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class OutboxKafkaOutageTest {
    @Inject
    OutboxRepository outbox;

    @Test
    void eventsWrittenWhileTheBrokerIsDownArriveOnceWhenItReturns() throws Exception {
        String project = "outage-" + UUID.randomUUID();
        LoreInfra.stopBroker();
        String id;
        int total;
        try {
            id = uploadOk(project, "outage.txt", ("Written while Kafka is down. ".repeat(200))
                    .getBytes(StandardCharsets.UTF_8), Map.of("chunk_size", "64", "chunk_overlap", "0"));
            JsonNode doc = awaitStatus(project, id, "indexing");
            total = doc.get("chunks_total").asInt();
            assertTrue(total > 5, "several chunk events");
            long unsent = QuarkusTransaction.requiringNew().call(outbox::countUnsent);
            assertTrue(unsent >= total, "the events wait in the outbox: " + unsent);
        } finally {
            LoreInfra.startBroker();
        }
        String doc = id;
        List<ConsumerRecord<String, String>> events = KafkaTestClient.read(Topics.DOCUMENTS, r -> doc.equals(r.key()),
                rs -> rs.size() >= total, Duration.ofSeconds(60));
        // Read a little longer: a duplicate would arrive right behind.
        events = KafkaTestClient.read(Topics.DOCUMENTS, r -> doc.equals(r.key()), rs -> false, Duration.ofSeconds(3));
        assertEquals(total, events.size(), "each event exactly once");
        Set<Integer> ordinals = new HashSet<>();
        int previous = -1;
        for (ConsumerRecord<String, String> r : events) {
            int ordinal = IngestionTestSupport.JSON.readTree(r.value()).get("chunk").get("ordinal").asInt();
            assertTrue(ordinal > previous, "in order");
            previous = ordinal;
            ordinals.add(ordinal);
        }
        assertEquals(total, ordinals.size());
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(outbox::countUnsent));
    }
}
