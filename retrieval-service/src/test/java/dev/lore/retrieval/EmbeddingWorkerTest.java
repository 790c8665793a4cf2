package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.retrieval;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lore.common.event.DocumentEvent;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.InputIds;
import dev.lore.common.event.Topics;
import dev.lore.common.id.Ids;
import dev.lore.embedding.TextTokenizer;
import dev.lore.retrieval.messaging.DocumentEventConsumer;
import dev.lore.retrieval.service.Embedder;
import dev.lore.retrieval.service.IndexHooks;
import dev.lore.testsupport.KafkaTestClient;
import dev.lore.testsupport.LoreInfra;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The embedding worker on its own: {@code DocumentEvent}s produced straight onto
 * {@code lore.documents.v1} (no ingestion service), its acknowledgements on
 * {@code lore.index-status.v1}, its dead letters on {@code lore.documents.v1.dlq}, and what
 * search sees.
 */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class EmbeddingWorkerTest {
    static final String MODEL = "baai/bge-small-en-v1.5";
    static final String PROJECT = Stack.newProject();
    static final UUID KB = UUID.randomUUID();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    Embedder embedder;

    private static String json(DocumentEvent e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String upsert(UUID doc, int version, int ordinal, int total, String content, String model) {
        return upsert(doc, version, ordinal, total, content, model, null);
    }

    static String upsert(UUID doc, int version, int ordinal, int total, String content, String model, String inputIds) {
        return json(new DocumentEvent(UUID.randomUUID(), DocumentEvent.CHUNK_UPSERTED, Instant.now(), PROJECT, KB, doc,
                version, new DocumentEvent.DocumentInfo(doc + ".md", "text/markdown", Map.of("source", "worker-test"),
                true, model, total),
                new DocumentEvent.ChunkInfo(ordinal, Ids.chunkPointId(doc, version, ordinal), content, null, "text", 0,
                        content.length(), null, 12, inputIds)));
    }

    static String lifecycle(UUID doc, String type, Integer version) {
        return json(new DocumentEvent(UUID.randomUUID(), type, Instant.now(), PROJECT, KB, doc, version, null, null));
    }

    static void send(UUID key, String value) {
        KafkaTestClient.send(Topics.DOCUMENTS, key.toString(), value);
    }

    /** The contents search finds in the document (dense only, so every visible chunk comes back). */
    static List<String> visible(UUID doc) {
        return retrieval(PROJECT).body(Map.of("prompt", "ferry timetable", "data_ids", List.of(doc.toString()),
                        "top_k", 50)).post("/v1/vector/match").then().statusCode(200).extract()
                .jsonPath().getList("list.content", String.class);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The acknowledgements of the document read until {@code done} holds (or the wait ends). */
    static List<JsonNode> acks(UUID doc, Predicate<List<JsonNode>> done) {
        List<ConsumerRecord<String, String>> records = KafkaTestClient.read(Topics.INDEX_STATUS,
                r -> doc.toString().equals(r.key()), rs -> done.test(rs.stream().map(r -> tree(r.value())).toList()),
                WAIT);
        List<JsonNode> out = records.stream().map(r -> tree(r.value())).toList();
        for (JsonNode ack : out) {
            assertEquals(doc.toString(), ack.path("document_id").asText());
            assertEquals(PROJECT, ack.path("project_id").asText());
        }
        return out;
    }

    /** The document's one acknowledgement (asserting there is exactly one). */
    static JsonNode onlyAck(UUID doc) {
        List<JsonNode> acks = acks(doc, a -> !a.isEmpty());
        assertEquals(1, acks.size(), acks.toString());
        return acks.get(0);
    }

    /** Ordinals acknowledged as indexed for the version, over every ack (with repeats). */
    static List<Integer> indexed(List<JsonNode> acks, int version) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode ack : acks) {
            if (IndexStatusEvent.CHUNKS_INDEXED.equals(ack.path("type").asText()) && ack.path("version").asInt() == version) {
                ack.path("ordinals").forEach(o -> out.add(o.asInt()));
            }
        }
        return out;
    }

    static List<ConsumerRecord<String, String>> deadLetters(UUID key, int atLeast) {
        return KafkaTestClient.read(Topics.DOCUMENTS_DLQ, r -> key.toString().equals(r.key()),
                rs -> rs.size() >= atLeast, WAIT);
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRedeliveredChunkIsStoredOnce() {
        UUID doc = UUID.randomUUID();
        String value = upsert(doc, 1, 0, 1, "The ferry timetable changes in winter.", MODEL);
        send(doc, value);
        send(doc, value);
        List<JsonNode> acks = acks(doc, a -> indexed(a, 1).size() >= 2);
        assertEquals(List.of(0, 0), indexed(acks, 1), "both deliveries acknowledged: " + acks);
        acks.forEach(a -> assertEquals(IndexStatusEvent.CHUNKS_INDEXED, a.path("type").asText()));
        assertEquals(List.of("The ferry timetable changes in winter."), visible(doc));
    }

    /**
     * The model reads the event's input_ids, not its content, when they are there: the chunk
     * whose ids are another sentence's is found by that sentence. Ids that do not decode fall
     * back to the content.
     */
    @Test
    void theModelReadsTheEventsInputIdsAndTheTextWhenTheyAreUnusable() {
        UUID borrowed = UUID.randomUUID();
        UUID own = UUID.randomUUID();
        UUID malformed = UUID.randomUUID();
        String ferry = "The ferry timetable changes in winter.";
        String revenue = "Quarterly revenue grew by ten percent.";
        TextTokenizer tokenizer = embedder.models().tokenizer(MODEL);
        send(borrowed, upsert(borrowed, 1, 0, 1, ferry, MODEL, InputIds.encode(tokenizer.inputIds(revenue))));
        send(own, upsert(own, 1, 0, 1, ferry, MODEL, InputIds.encode(tokenizer.inputIds(ferry))));
        send(malformed, upsert(malformed, 1, 0, 1, ferry, MODEL, "not base64!"));
        for (UUID doc : List.of(borrowed, own, malformed)) {
            assertEquals(List.of(0), indexed(acks(doc, a -> !indexed(a, 1).isEmpty()), 1));
        }
        assertEquals(List.of(borrowed.toString(), own.toString()), ranked(revenue, borrowed, own));
        assertEquals(List.of(own.toString(), borrowed.toString()), ranked("ferry timetable in winter", borrowed, own));
        assertEquals(List.of(ferry), visible(malformed));
        assertEquals(score(ferry, own), score(ferry, malformed), 1e-4, "embedded from its text: the vector its own ids give");
    }

    private static double score(String prompt, UUID doc) {
        return retrieval(PROJECT).body(Map.of("prompt", prompt, "data_ids", List.of(doc.toString()), "top_k", 1))
                .post("/v1/vector/match").then().statusCode(200).extract().jsonPath().getDouble("list[0].score");
    }

    /** Document ids of the chunks search ranks for {@code prompt} (dense only) among {@code docs}. */
    private static List<String> ranked(String prompt, UUID... docs) {
        return retrieval(PROJECT).body(Map.of("prompt", prompt, "data_ids",
                        java.util.Arrays.stream(docs).map(UUID::toString).toList(), "top_k", 50))
                .post("/v1/vector/match").then().statusCode(200).extract().jsonPath().getList("list.data_id", String.class);
    }

    @Test
    void aBatchWhoseWriteFailsUnexpectedlyIsReplayedWithTheOneBehindIt() {
        // The second document's events may be in the same batch or already embedding in the next
        // one when the first batch's write fails: either way both are rewound and come back.
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String marker = "unexpected-" + first;
        IndexHooks.failNextUpsertOf(marker);
        send(first, upsert(first, 1, 0, 1, "ferry timetable " + marker, MODEL));
        for (int i = 0; i < 3; i++) {
            send(second, upsert(second, 1, i, 3, "ferry timetable, part " + i, MODEL));
        }
        assertEquals(List.of(0), indexed(acks(first, a -> !indexed(a, 1).isEmpty()), 1));
        assertEquals(List.of(0, 1, 2), indexed(acks(second, a -> indexed(a, 1).size() >= 3), 1).stream().sorted()
                .toList());
        assertTrue(IndexHooks.upsertFailed(), "the write failed once");
        assertEquals(1, visible(first).size());
        assertEquals(3, visible(second).size());
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndTheKeyMovesOn() {
        UUID doc = UUID.randomUUID();
        String notJson = "this is {not json";
        String noIds = "{\"type\":\"chunk.upserted\",\"project_id\":\"" + PROJECT + "\"}";
        String noChunk = "{\"type\":\"chunk.upserted\",\"project_id\":\"" + PROJECT + "\",\"document_id\":\"" + doc
                + "\",\"version\":1}";
        send(doc, notJson);
        send(doc, noIds);
        send(doc, noChunk);
        send(doc, upsert(doc, 1, 0, 1, "Ferries still sail after a poison message.", MODEL));

        List<ConsumerRecord<String, String>> dead = deadLetters(doc, 3);
        assertEquals(List.of(notJson, noIds, noChunk), dead.stream().map(ConsumerRecord::value).toList());
        for (ConsumerRecord<String, String> r : dead) {
            String reason = header(r, "dead-letter-reason");
            assertNotNull(reason, "dead-letter-reason header");
            assertFalse(reason.isBlank());
            assertEquals(Topics.DOCUMENTS, header(r, "dead-letter-topic"));
            assertNotNull(header(r, "dead-letter-offset"));
        }
        await().atMost(WAIT).until(() -> visible(doc).size() == 1);
        assertEquals(List.of("Ferries still sail after a poison message."), visible(doc));
        assertEquals(List.of(0), indexed(acks(doc, a -> !indexed(a, 1).isEmpty()), 1));
    }

    @Test
    void anUnknownModelFailsTheChunk() {
        UUID doc = UUID.randomUUID();
        String value = upsert(doc, 1, 0, 1, "Nobody can embed this ferry chunk.", "acme/no-such-model");
        send(doc, value);
        JsonNode ack = onlyAck(doc);
        assertEquals(IndexStatusEvent.CHUNKS_FAILED, ack.path("type").asText());
        assertEquals(1, ack.path("version").asInt());
        assertEquals("[0]", ack.path("ordinals").toString());
        assertTrue(ack.path("error").asText().contains("acme/no-such-model"), ack.toString());

        List<ConsumerRecord<String, String>> dead = deadLetters(doc, 1);
        assertEquals(1, dead.size());
        assertEquals(value, dead.get(0).value());
        assertTrue(header(dead.get(0), "dead-letter-reason").contains("acme/no-such-model"));
        assertEquals(List.of(), visible(doc));
    }

    /** Makes the stand-in remote endpoint answer 503 to its next n calls (null: leave it); answers how many are left. */
    static int remoteFailsNext(Integer n) {
        String url = ConfigProvider.getConfig().getValue(RemoteEmbeddingServer.URL_PROPERTY, String.class)
                .replaceFirst("/v1$", RemoteEmbeddingServer.CONTROL_PATH);
        return given().body(n == null ? "" : n.toString()).post(url).then().statusCode(200)
                .extract().path("fail_next");
    }

    @Test
    void aRemoteModelOutageDelaysTheChunkAndFailsNothing() {
        // Twenty failing answers: more than the client's four attempts times the worker's attempts
        // per chunk, so only waiting out the outage gets the chunk indexed.
        remoteFailsNext(20);
        UUID doc = UUID.randomUUID();
        send(doc, upsert(doc, 1, 0, 1, "Ferries wait out an embedding outage.", RemoteEmbeddingServer.MODEL_ID));
        JsonNode ack = onlyAck(doc);
        assertEquals(IndexStatusEvent.CHUNKS_INDEXED, ack.path("type").asText(), ack.toString());
        assertEquals(List.of(0), indexed(List.of(ack), 1));
        assertEquals(0, remoteFailsNext(null), "every failing answer was given");
    }

    @Test
    void acknowledgementsWaitForKafkaToComeBack() throws Exception {
        // The stand-in model's failures hold the batch long enough to take the broker away under it.
        remoteFailsNext(20);
        UUID doc = UUID.randomUUID();
        send(doc, upsert(doc, 1, 0, 1, "Acknowledged once Kafka is back.", RemoteEmbeddingServer.MODEL_ID));
        await().atMost(WAIT).until(() -> remoteFailsNext(null) < 20);
        LoreInfra.stopBroker();
        try {
            await().atMost(WAIT).until(() -> remoteFailsNext(null) == 0);
            Thread.sleep(8_000); // the acknowledgement's send outlives its delivery timeout (5 s in tests)
        } finally {
            LoreInfra.startBroker();
        }
        List<JsonNode> acks = acks(doc, a -> !indexed(a, 1).isEmpty());
        assertEquals(List.of(0), indexed(acks, 1).stream().distinct().toList());
    }

    @Test
    void aRemoteModelDownLongerThanTheOutagePatienceFailsTheChunk() {
        UUID doc = UUID.randomUUID();
        String value = upsert(doc, 1, 0, 1, "Nobody answers for this ferry chunk.", "remote/unreachable");
        send(doc, value);
        JsonNode ack = onlyAck(doc);
        assertEquals(IndexStatusEvent.CHUNKS_FAILED, ack.path("type").asText());
        assertTrue(ack.path("error").asText().contains("remote/unreachable stayed unavailable for 5s"), ack.toString());
        assertTrue(ack.path("error").asText().contains("after 4 attempts"), ack.toString());
        assertEquals(value, deadLetters(doc, 1).get(0).value());
    }

    @Test
    void aDeleteRightAfterAnUpsertLeavesNothing() {
        UUID doc = UUID.randomUUID();
        send(doc, upsert(doc, 1, 0, 1, "This ferry chunk is deleted at once.", MODEL));
        send(doc, lifecycle(doc, DocumentEvent.DOCUMENT_DELETED, null));
        // The upsert was applied (acknowledged); the delete after it must win.
        acks(doc, a -> !indexed(a, 1).isEmpty());
        await().atMost(WAIT).until(() -> visible(doc).isEmpty());
    }

    @Test
    void versionsSwapOnlyWhenTheOldOneIsRetired() {
        UUID doc = UUID.randomUUID();
        String v1 = "Version one: the ferry leaves at nine.";
        String v2a = "Version two: the ferry leaves at ten.";
        String v2b = "Version two: a late ferry leaves at midnight.";
        send(doc, upsert(doc, 1, 0, 1, v1, MODEL));
        send(doc, upsert(doc, 2, 0, 2, v2a, MODEL));
        send(doc, upsert(doc, 2, 1, 2, v2b, MODEL));
        List<JsonNode> acks = acks(doc, a -> indexed(a, 2).size() >= 2);
        assertEquals(List.of(0), indexed(acks, 1));
        assertEquals(Set.of(0, 1), Set.copyOf(indexed(acks, 2)));
        assertEquals(List.of(v1), visible(doc), "version 2 is staged until version 1 is retired");

        send(doc, lifecycle(doc, DocumentEvent.VERSION_RETIRED, 1));
        await().atMost(WAIT).until(() -> visible(doc).size() == 2);
        assertEquals(Set.of(v2a, v2b), Set.copyOf(visible(doc)));

        send(doc, lifecycle(doc, DocumentEvent.DOCUMENT_DEACTIVATED, null));
        await().atMost(WAIT).until(() -> visible(doc).isEmpty());
        send(doc, lifecycle(doc, DocumentEvent.DOCUMENT_ACTIVATED, null));
        await().atMost(WAIT).until(() -> visible(doc).size() == 2);
        assertEquals(Set.of(v2a, v2b), Set.copyOf(visible(doc)));
    }

    @Test
    void aSecondMemberOfTheGroupMakesTheEmbeddedIndexNotReadyAndLosesNothing() {
        // What a second instance with its own embedded index would be: a member of the workers'
        // group taking a partition (it never commits, as a crashed instance would not).
        UUID doc = UUID.randomUUID();
        int partition;
        int partitions;
        try (KafkaConsumer<String, String> other = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LoreInfra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, DocumentEventConsumer.GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            other.subscribe(List.of(Topics.DOCUMENTS));
            await().atMost(WAIT).until(() -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty();
            });
            partition = other.assignment().iterator().next().partition();
            partitions = other.partitionsFor(Topics.DOCUMENTS).size();
            String workerHolds = (partitions - other.assignment().size()) + " of " + partitions;
            assertTrue(partitions > other.assignment().size(), "the worker keeps a share");
            while (Utils.toPositive(Utils.murmur2(doc.toString().getBytes(StandardCharsets.UTF_8))) % partitions
                    != partition) {
                doc = UUID.randomUUID(); // a document whose events land on the other member's partition
            }
            send(doc, upsert(doc, 1, 0, 1, "ferry timetable held by the other member", MODEL));

            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                other.poll(Duration.ofMillis(100));
                given().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'embedded-index-coverage' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'embedded-index-coverage' }.data.partitions",
                                equalTo(workerHolds));
            });
            assertTrue(visible(doc).isEmpty(), "nothing indexes the other member's partition");
        }
        // It left without committing: its partition comes back, and with it the event it held.
        String all = partitions + " of " + partitions;
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'embedded-index-coverage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'embedded-index-coverage' }.data.partitions", equalTo(all)));
        UUID held = doc;
        await().atMost(WAIT).until(() -> visible(held).size() == 1);
    }

    @Test
    void theWorkerIsPartOfTheLivenessCheck() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'embedding-worker' }.status", equalTo("UP"));
    }
}
