package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.JSON;
import static dev.lore.ingestion.IngestionTestSupport.ack;
import static dev.lore.ingestion.IngestionTestSupport.ackAll;
import static dev.lore.ingestion.IngestionTestSupport.awaitStatus;
import static dev.lore.ingestion.IngestionTestSupport.chunks;
import static dev.lore.ingestion.IngestionTestSupport.get;
import static dev.lore.ingestion.IngestionTestSupport.in;
import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.common.event.InputIds;
import dev.lore.common.event.Topics;
import dev.lore.common.id.Ids;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.TextTokenizer;
import dev.lore.testsupport.KafkaTestClient;
import dev.lore.testsupport.LoreInfra;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class DocumentLifecycleTest {
    private static final String MANUAL = """
            # Lore Manual

            Lore parses, chunks and indexes documents so that applications can search them.

            ## Installing

            Run the launcher. It starts PostgreSQL, Kafka and every service.

            ## Refunds

            Refunds are granted within thirty days of purchase.
            """;

    private final String project = "life-" + UUID.randomUUID();

    @Test
    void uploadReachesIndexingThenReadyOnAcknowledgement() throws Exception {
        JsonNode created = JSON.readTree(IngestionTestSupport.upload(project, "manual.md", bytes(MANUAL),
                Map.of("metadata", "{\"team\":\"support\",\"year\":2026}")).then().statusCode(202)
                .body("status", equalTo("queued")).extract().asString());
        String id = created.get("id").asText();
        JsonNode doc = awaitStatus(project, id, "indexing");
        assertTrue(doc.get("chunks_total").asInt() > 0);
        assertEquals(0, doc.get("chunks_indexed").asInt());
        assertEquals("text/markdown", doc.get("content_type").asText());
        assertEquals("support", doc.get("metadata").get("team").asText());
        assertTrue(doc.get("content_hash").asText().startsWith("sha256:"));
        assertEquals(MANUAL.getBytes(StandardCharsets.UTF_8).length, doc.get("size_bytes").asLong());

        // Every chunk went out on lore.documents.v1, keyed by the document, with its point id.
        List<ConsumerRecord<String, String>> events = eventsOf(id, doc.get("chunks_total").asInt());
        JsonNode first = JSON.readTree(events.get(0).value());
        assertEquals("chunk.upserted", first.get("type").asText());
        assertEquals(project, first.get("project_id").asText());
        assertEquals(Ids.chunkPointId(UUID.fromString(id), 1, 0).toString(), first.get("chunk").get("point_id").asText());
        assertEquals("baai/bge-small-en-v1.5", first.get("document").get("embedding_model").asText());
        // The metadata travels with every chunk, for the index's filters.
        assertEquals("support", first.get("document").get("metadata").get("team").asText());
        assertEquals(2026, first.get("document").get("metadata").get("year").asInt());
        // Each chunk carries the model's input ids for its content, so the worker need not tokenize it.
        TextTokenizer tokenizer = new EmbeddingModels(Runnable::run).tokenizer("baai/bge-small-en-v1.5");
        for (ConsumerRecord<String, String> event : events) {
            JsonNode chunk = JSON.readTree(event.value()).get("chunk");
            int[] ids = InputIds.decode(chunk.get("input_ids").asText());
            assertArrayEquals(tokenizer.inputIds(chunk.get("content").asText()), ids);
            assertEquals(chunk.get("token_count").asInt() + 2, ids.length, "content tokens plus [CLS] and [SEP]");
        }

        ackAll(project, id);
        doc = awaitStatus(project, id, "ready");
        assertEquals(doc.get("chunks_total").asInt(), doc.get("chunks_indexed").asInt());
        assertEquals(1, doc.get("indexed_version").asInt());
    }

    @Test
    void downloadMarkdownAndChunks() throws Exception {
        String id = uploadOk(project, "upload.md", bytes(MANUAL), Map.of("chunk_strategy", "markdown",
                "file_name", "Handbuch für Ärzte.md"));
        awaitStatus(project, id, "indexing");
        byte[] original = in(project).get("/v1/documents/" + id + "/download").then().statusCode(200)
                .header("Content-Type", containsString("text/markdown"))
                .header("Content-Disposition", containsString("filename*=UTF-8''Handbuch%20f%C3%BCr%20%C3%84rzte.md"))
                .extract().asByteArray();
        assertEquals(MANUAL, new String(original, StandardCharsets.UTF_8));
        String markdown = in(project).get("/v1/documents/" + id + "/markdown").then().statusCode(200)
                .extract().asString();
        assertTrue(markdown.contains("## Refunds"), markdown);
        JsonNode chunks = chunks(project, id);
        assertTrue(chunks.get("total").asInt() >= 3);
        List<String> titles = new ArrayList<>();
        chunks.get("data").forEach(c -> titles.add(c.get("chunk_title").asText()));
        assertTrue(titles.contains("Lore Manual > Refunds"), titles.toString());
        JsonNode c0 = chunks.get("data").get(0);
        assertEquals(0, c0.get("ordinal").asInt());
        assertTrue(c0.get("token_count").asInt() > 0);
        assertEquals("text", c0.get("chunk_type").asText());
        assertTrue(c0.get("end_offset").asInt() > c0.get("start_offset").asInt());
    }

    @Test
    void listFiltersAndPages() throws Exception {
        String kb = in(project).contentType("application/json").body(Map.of("name", "Legal"))
                .post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
        String a = uploadOk(project, "alpha.txt", bytes("Alpha text."), Map.of("metadata", "{\"team\":\"a\"}"));
        uploadOk(project, "beta.txt", bytes("Beta text."), Map.of("metadata", "{\"team\":\"b\"}"));
        uploadOk(project, "gamma.txt", bytes("Gamma text."), Map.of("knowledge_base_id", kb));
        in(project).get("/v1/documents").then().statusCode(200).body("total", equalTo(3));
        in(project).queryParam("page_size", 2).queryParam("page", 2).get("/v1/documents").then()
                .body("data.size()", equalTo(1)).body("page", equalTo(2)).body("page_size", equalTo(2));
        in(project).queryParam("knowledge_base_id", kb).get("/v1/documents").then()
                .body("total", equalTo(1)).body("data[0].name", equalTo("gamma.txt"));
        in(project).queryParam("metadata.team", "a").get("/v1/documents").then()
                .body("total", equalTo(1)).body("data[0].id", equalTo(a));
        in(project).queryParam("name", "ALP").get("/v1/documents").then().body("total", equalTo(1));
        awaitStatus(project, a, "indexing");
        in(project).queryParam("status", "indexing").queryParam("name", "alpha").get("/v1/documents").then()
                .body("total", equalTo(1));
        in(project).queryParam("status", "bogus").get("/v1/documents").then().statusCode(400)
                .body("error.param", equalTo("status"));
        // Another project sees none of them.
        in("other-" + UUID.randomUUID()).get("/v1/documents").then().body("total", equalTo(0));
        in("other-" + UUID.randomUUID()).get("/v1/documents/" + a).then().statusCode(404);
    }

    @Test
    void deactivateActivateAndDeleteAreAnnounced() throws Exception {
        String id = uploadOk(project, "doc.txt", bytes("Some content to index."), Map.of());
        awaitStatus(project, id, "indexing");
        in(project).post("/v1/documents/" + id + "/deactivate").then().statusCode(200).body("active", equalTo(false));
        in(project).post("/v1/documents/" + id + "/activate").then().statusCode(200).body("active", equalTo(true));
        in("intruder-" + UUID.randomUUID()).delete("/v1/documents/" + id).then().statusCode(404);
        in(project).delete("/v1/documents/" + id).then().statusCode(204);
        in(project).get("/v1/documents/" + id).then().statusCode(404).body("error.code", equalTo("document_not_found"));
        in(project).delete("/v1/documents/" + id).then().statusCode(404);

        List<String> types = KafkaTestClient.read(Topics.DOCUMENTS, r -> id.equals(r.key()),
                        rs -> rs.stream().anyMatch(r -> r.value().contains("document.deleted")), Duration.ofSeconds(20))
                .stream().map(r -> type(r.value())).toList();
        assertEquals(List.of("chunk.upserted", "document.deactivated", "document.activated", "document.deleted"), types);
    }

    @Test
    void updateChunkingBuildsANewVersionAndRetiresTheOldOnceIndexed() throws Exception {
        String text = "First paragraph about apples. ".repeat(40) + "\n\n" + "Second paragraph about pears. ".repeat(40);
        String id = uploadOk(project, "fruit.txt", bytes(text), Map.of("chunk_size", "200", "chunk_overlap", "0"));
        awaitStatus(project, id, "indexing");
        ackAll(project, id);
        JsonNode v1 = awaitStatus(project, id, "ready");

        in(project).contentType("application/json").body(Map.of("chunk_strategy", "fixed", "chunk_size", 64))
                .patch("/v1/documents/" + id + "/chunking").then().statusCode(202)
                .body("version", equalTo(2)).body("chunk_strategy", equalTo("fixed"));
        JsonNode v2 = awaitStatus(project, id, "indexing");
        assertEquals(2, v2.get("version").asInt());
        assertEquals(1, v2.get("indexed_version").asInt(), "the old version serves until the new one is indexed");
        assertNotEquals(v1.get("chunks_total").asInt(), v2.get("chunks_total").asInt());
        JsonNode chunks = chunks(project, id);
        assertEquals(2, chunks.get("data").get(0).get("version").asInt());
        assertTrue(chunks.get("data").get(0).get("token_count").asInt() <= 64);

        ackAll(project, id);
        awaitStatus(project, id, "ready");
        List<ConsumerRecord<String, String>> retired = KafkaTestClient.read(Topics.DOCUMENTS,
                r -> id.equals(r.key()) && r.value().contains("document.version.retired"),
                rs -> !rs.isEmpty(), Duration.ofSeconds(20));
        assertEquals(1, retired.size());
        assertEquals(1, JSON.readTree(retired.get(0).value()).get("version").asInt());

        // Reindex makes version 3 from the stored original with the same settings.
        in(project).post("/v1/documents/" + id + "/reindex").then().statusCode(202).body("version", equalTo(3));
        JsonNode v3 = awaitStatus(project, id, "indexing");
        assertEquals(v2.get("chunks_total").asInt(), v3.get("chunks_total").asInt());
        assertFalse(v3.get("chunk_strategy").asText().isEmpty());
    }

    @Test
    void aFailedIndexingAcknowledgementFailsTheDocumentWithTheReason() throws Exception {
        String id = uploadOk(project, "x.txt", bytes("Text that the index will refuse."), Map.of());
        awaitStatus(project, id, "indexing");
        KafkaTestClient.send(Topics.INDEX_STATUS, id, """
                {"event_id":"%s","type":"chunks.failed","project_id":"%s","document_id":"%s","version":1,
                 "ordinals":[0],"error":"vector store unavailable"}""".formatted(UUID.randomUUID(), project, id));
        JsonNode doc = awaitStatus(project, id, "failed");
        assertEquals("Indexing failed: vector store unavailable", doc.get("error").asText());
    }

    @Test
    void anAcknowledgementWaitsOutADatabaseOutage() throws Exception {
        String id = uploadOk(project, "outage.txt", bytes("Acknowledged while the database is away."), Map.of());
        JsonNode doc = awaitStatus(project, id, "indexing");
        List<Integer> ordinals = IntStream.range(0, doc.get("chunks_total").asInt()).boxed().toList();
        whileTheDatabaseIsAway(() -> {
            ack(project, id, doc.get("version").asInt(), ordinals);
            Thread.sleep(2_000);
        });
        awaitStatus(project, id, "ready");
        assertEquals(ordinals.size(), get(project, id).get("chunks_indexed").asInt());
    }

    @Test
    void aPoisonAcknowledgementDuringAKafkaOutageIsKeptAndTheConsumerGoesOn() throws Exception {
        String held = uploadOk(project, "held.txt", bytes("Acknowledged while the database is away."), Map.of());
        JsonNode heldDoc = awaitStatus(project, held, "indexing");
        String after = uploadOk(project, "after-outage.txt", bytes("Acknowledged once Kafka is back."), Map.of());
        awaitStatus(project, after, "indexing");
        String marker = "poison-" + UUID.randomUUID();
        // A database outage holds the consumer on the first acknowledgement while it fetches the
        // poison message behind it; then Kafka goes away, so the dead letter meets a broker that is down.
        whileTheDatabaseIsAway(() -> {
            ack(project, held, heldDoc.get("version").asInt(),
                    IntStream.range(0, heldDoc.get("chunks_total").asInt()).boxed().toList());
            // Same key, same partition: it is read only after the held one.
            KafkaTestClient.send(Topics.INDEX_STATUS, held, "{this is not json " + marker);
            Thread.sleep(2_000);
            LoreInfra.stopBroker();
        });
        try {
            awaitStatus(project, held, "ready");
            Thread.sleep(8_000); // the dead letter's send outlives its delivery timeout (5 s in tests)
        } finally {
            LoreInfra.startBroker();
        }
        ackAll(project, after);
        awaitStatus(project, after, "ready");
        List<ConsumerRecord<String, String>> dlq = KafkaTestClient.read(Topics.INDEX_STATUS_DLQ,
                r -> r.value().contains(marker), rs -> !rs.isEmpty(), Duration.ofSeconds(20));
        assertEquals(1, dlq.size());
    }

    @Test
    void aPoisonAcknowledgementGoesToTheDeadLetterTopicAndTheRestFlows() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        KafkaTestClient.send(Topics.INDEX_STATUS, marker, "{this is not json " + marker);
        String id = uploadOk(project, "after.txt", bytes("Text after the poison message."), Map.of());
        awaitStatus(project, id, "indexing");
        ackAll(project, id);
        awaitStatus(project, id, "ready");
        List<ConsumerRecord<String, String>> dlq = KafkaTestClient.read(Topics.INDEX_STATUS_DLQ,
                r -> r.value().contains(marker), rs -> !rs.isEmpty(), Duration.ofSeconds(20));
        assertEquals(1, dlq.size());
        assertTrue(get(project, id).get("chunks_indexed").asInt() > 0);
    }

    @Test
    void anAcknowledgementTheDatabaseRefusesIsDeadLetteredAndItsBatchStillApplies() throws Exception {
        String refused = uploadOk(project, "refused.txt", bytes("Its acknowledgement cannot be stored."), Map.of());
        String fine = uploadOk(project, "fine.txt", bytes("Its acknowledgement arrives with the refused one."),
                Map.of());
        awaitStatus(project, refused, "indexing");
        JsonNode fineDoc = awaitStatus(project, fine, "indexing");
        // PostgreSQL refuses text holding NUL (SQLSTATE 22021): the data's failure, not the database's.
        String marker = "refused-" + UUID.randomUUID();
        KafkaTestClient.send(Topics.INDEX_STATUS, refused, """
                {"event_id":"%s","type":"chunks.failed","project_id":"%s","document_id":"%s","version":1,
                 "ordinals":[0],"error":"%s \\u0000"}""".formatted(UUID.randomUUID(), project, refused, marker));
        ack(project, fine, fineDoc.get("version").asInt(),
                IntStream.range(0, fineDoc.get("chunks_total").asInt()).boxed().toList());
        awaitStatus(project, fine, "ready");
        List<ConsumerRecord<String, String>> dlq = KafkaTestClient.read(Topics.INDEX_STATUS_DLQ,
                r -> r.value().contains(marker), rs -> !rs.isEmpty(), Duration.ofSeconds(20));
        assertEquals(1, dlq.size());
        assertEquals("indexing", get(project, refused).get("status").asText());
    }

    private interface Step {
        void run() throws Exception;
    }

    /** What the service sees of a database restart: its connections dropped, new ones refused. */
    private static void whileTheDatabaseIsAway(Step step) throws Exception {
        try (Connection admin = DriverManager.getConnection(LoreInfra.jdbcUrl("postgres"));
             Statement sql = admin.createStatement()) {
            sql.execute("alter database lore_ingestion allow_connections false");
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'lore_ingestion'");
                step.run();
            } finally {
                sql.execute("alter database lore_ingestion allow_connections true");
            }
        }
    }

    /**
     * The relay is woken by the commit that stores a document's chunks: with its poll set to 30 s
     * in tests, the events still reach Kafka within a few seconds of the document's 'indexing'.
     */
    @Test
    void chunkEventsGoOutWhenTheirTransactionCommitsNotAtTheNextPoll() throws Exception {
        String id = uploadOk(project, "prompt.txt", "Events leave as soon as they commit.".getBytes(StandardCharsets.UTF_8),
                Map.of());
        awaitStatus(project, id, "indexing");
        List<ConsumerRecord<String, String>> events = KafkaTestClient.read(Topics.DOCUMENTS, r -> id.equals(r.key()),
                rs -> !rs.isEmpty(), Duration.ofSeconds(5));
        assertEquals(1, events.size(), "one chunk event within 5 s, well before the 30 s poll");
    }

    private static List<ConsumerRecord<String, String>> eventsOf(String id, int expected) {
        List<ConsumerRecord<String, String>> events = KafkaTestClient.read(Topics.DOCUMENTS, r -> id.equals(r.key()),
                rs -> rs.size() >= expected, Duration.ofSeconds(20));
        assertEquals(expected, events.size());
        return events;
    }

    private static String type(String json) {
        try {
            return JSON.readTree(json).get("type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
