package dev.lore.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lore.testsupport.KafkaTestClient;
import dev.lore.testsupport.KeycloakServer;
import dev.lore.testsupport.LoreInfra;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The {@code lore.audit.v1} contract as an external subscriber sees it: requests go through the
 * gateway, then {@code tools/audit-subscriber} (kafkajs under Node, not the Java client the services
 * use) reads the topic from the beginning and validates every event against
 * {@code docs/schemas/lore.audit.v1.schema.json}; this test checks that schema against the field
 * table of {@code docs/events.md} and the events of its own requests against the documented values.
 * Node.js and npm must be on the PATH ({@link NodeTool}).
 */
@QuarkusTest
class ExternalSubscriberTest extends GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "lore.audit.v1";
    private static final String UA = "lore-external-subscriber-test/1";
    private static final String ZERO = "00000000-0000-0000-0000-000000000000";
    private static final Pattern UUID_PATTERN =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    @Test
    void aKafkajsSubscriberReceivesEventsAsDocumented() throws Exception {
        Path tool = NodeTool.installed("audit-subscriber", List.of("kafkajs", "ajv", "ajv-formats"));
        Path root = tool.getParent().getParent();
        Path schemaFile = root.resolve("docs/schemas/lore.audit.v1.schema.json");
        JsonNode schema = JSON.readTree(schemaFile.toFile());
        schemaHasTheFieldsTheDocumentLists(schema, Files.readString(root.resolve("docs/events.md")));

        String project = createProject(unique("extsub"));
        String other = createProject(unique("extsub-other"));
        var created = as(ADMIN).contentType("application/json").body(Map.of("name", "external subscriber",
                "project_ids", List.of(project), "permissions", List.of("documents:read"))).post("/v1/keys")
                .then().statusCode(201).extract();
        String key = created.path("key");
        String keyId = created.path("id");
        String owner = as(key).get("/v1/auth/me").then().statusCode(200).extract().path("user_id");
        String alice = KeycloakServer.shared().passwordGrant("lore-cli", "alice", "alice");
        String aliceId = KeycloakServer.claimsJson(alice).replaceAll("(?s).*\"sub\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        String run = unique("ext");
        as(key).header("X-Request-Id", run + "-ok").header("User-Agent", UA).get("/v1/documents")
                .then().statusCode(200).header("X-Request-Id", run + "-ok");
        as(key).header("X-Request-Id", run + "-404").header("User-Agent", UA)
                .get("/v1/documents/" + ZERO + "?verbose=true").then().statusCode(404);
        given().header("X-Request-Id", run + "-anon").header("User-Agent", UA).get("/v1/documents")
                .then().statusCode(401);
        as(key).header("X-Request-Id", run + "-perm").header("User-Agent", UA)
                .multiPart("file", "a.txt", "x".getBytes()).post("/v1/documents").then().statusCode(403);
        as(key, other).header("X-Request-Id", run + "-project").header("User-Agent", UA).get("/v1/documents")
                .then().statusCode(403);
        as(key).header("X-Request-Id", run + "-unknown").header("User-Agent", UA).get("/v1/" + run + "-nowhere")
                .then().statusCode(404);
        as(alice).header("X-Request-Id", run + "-user").header("User-Agent", UA).get("/v1/documents")
                .then().statusCode(200);
        String minted = as(key).header("User-Agent", UA + " " + run).get("/v1/auth/me").then().statusCode(200)
                .extract().header("X-Request-Id");
        assertTrue(UUID_PATTERN.matcher(minted).matches(), "the gateway mints a UUID request id: " + minted);
        Set<String> ours = Set.of(run + "-ok", run + "-404", run + "-anon", run + "-perm", run + "-project",
                run + "-unknown", run + "-user", minted);

        // Only to know how many records to ask for: wait (Java client) until ours are in the log.
        KafkaTestClient.read(TOPIC, r -> ours.stream().anyMatch(r.value()::contains),
                found -> found.size() >= ours.size(), Duration.ofSeconds(30));
        long total = stableRecordCount(TOPIC);

        List<JsonNode> lines = subscribe(tool, TOPIC, total);
        assertEquals(total, lines.size(), "the subscriber should print one line per record on " + TOPIC);
        Map<String, JsonNode> byRequest = new HashMap<>();
        for (JsonNode line : lines) {
            String raw = line.toString();
            for (String secret : List.of(key, ADMIN, alice, "Bearer ")) {
                assertFalse(raw.contains(secret), "a secret reached the topic: " + raw);
            }
            assertTrue(line.get("valid").asBoolean(), "not a valid lore.audit.v1 event: " + line.get("errors")
                    + " in " + line.get("value"));
            assertTrue(line.get("errors").isArray() && line.get("errors").isEmpty(), raw);
            assertTrue(line.get("partition").isInt() && line.get("partition").asInt() >= 0, raw);
            assertTrue(line.get("headers").isObject(), raw);
            JsonNode event = line.get("value");
            assertEquals("lore.audit.v1", event.get("schema").asText(), raw);
            String keyed = event.get("project_id").isNull() ? "-" : event.get("project_id").asText();
            assertEquals(keyed, line.get("key").asText(), "key = project id, or - when unknown: " + raw);
            String requestId = event.get("request_id").asText();
            if (ours.contains(requestId)) {
                assertNull(byRequest.put(requestId, line), "one event per request: " + requestId);
            }
        }
        assertEquals(ours, byRequest.keySet(), "every request of this test should reach the subscriber");

        JsonNode ok = event(byRequest, run + "-ok");
        assertEquals(project, ok.get("project_id").asText());
        assertActor(ok, "api_key", keyId, owner);
        assertFields(ok, "documents.list", null, "GET", "/v1/documents", 200, null, "ingestion");
        assertEquals(UA, ok.get("user_agent").asText());
        assertTrue(ok.get("resource_ids").isEmpty());
        assertTrue(ok.get("metadata").isNull());
        assertTrue(ok.get("latency_ms").asDouble() > 0, ok.toString());
        assertFalse(ok.get("client_ip").asText().isBlank());
        assertTrue(UUID_PATTERN.matcher(ok.get("event_id").asText()).matches(), ok.toString());

        JsonNode notFound = event(byRequest, run + "-404");
        assertFields(notFound, "documents.get", null, "GET", "/v1/documents/" + ZERO, 404, null, "ingestion");
        assertEquals(List.of(ZERO), JSON.convertValue(notFound.get("resource_ids"), List.class));
        assertEquals(project, notFound.get("project_id").asText());

        JsonNode anonymous = event(byRequest, run + "-anon");
        assertFields(anonymous, "auth.denied", "documents.list", "GET", "/v1/documents", 401, "missing_credentials",
                "ingestion");
        assertActor(anonymous, "anonymous", null, null);
        assertTrue(anonymous.get("project_id").isNull());
        assertEquals("-", byRequest.get(run + "-anon").get("key").asText());

        JsonNode denied = event(byRequest, run + "-perm");
        assertFields(denied, "auth.denied", "documents.upload", "POST", "/v1/documents", 403, null, "ingestion");
        assertActor(denied, "api_key", keyId, owner);
        assertEquals(project, denied.get("project_id").asText());

        JsonNode refused = event(byRequest, run + "-project");
        assertFields(refused, "auth.denied", "documents.list", "GET", "/v1/documents", 403, "project_forbidden",
                "ingestion");
        assertActor(refused, "api_key", keyId, owner);
        assertEquals(project, refused.get("project_id").asText(), "a refused request names the caller's default project");

        JsonNode unknown = event(byRequest, run + "-unknown");
        assertFields(unknown, "unknown", null, "GET", "/v1/" + run + "-nowhere", 404, null, null);

        JsonNode user = event(byRequest, run + "-user");
        assertFields(user, "documents.list", null, "GET", "/v1/documents", 200, null, "ingestion");
        assertActor(user, "user", aliceId, aliceId);
        assertEquals("default", user.get("project_id").asText());

        JsonNode me = event(byRequest, minted);
        assertFields(me, "auth.me", null, "GET", "/v1/auth/me", 200, null, null);
        assertEquals(UA + " " + run, me.get("user_agent").asText());
        assertActor(me, "api_key", keyId, owner);

        // The subscriber's verdict is not vacuous: the same event with one field renamed is refused.
        String scratch = "contract-check-" + run;
        ObjectNode drifted = ((ObjectNode) ok.deepCopy());
        drifted.set("requestId", drifted.remove("request_id"));
        KafkaTestClient.send(scratch, project, drifted.toString());
        List<JsonNode> check = subscribe(tool, scratch, 1);
        assertEquals(1, check.size());
        assertFalse(check.get(0).get("valid").asBoolean(), check.get(0).toString());
        assertTrue(check.get(0).get("errors").toString().contains("request_id"), check.get(0).toString());
    }

    private static JsonNode event(Map<String, JsonNode> byRequest, String requestId) {
        return byRequest.get(requestId).get("value");
    }

    private static void assertFields(JsonNode e, String action, String deniedAction, String method, String path,
                                     int status, String errorCode, String service) {
        String where = e.toString();
        assertEquals(action, e.get("action").asText(), where);
        assertEquals(deniedAction, text(e.get("denied_action")), where);
        assertEquals(method, e.get("method").asText(), where);
        assertEquals(path, e.get("path").asText(), where);
        assertEquals(status, e.get("status").asInt(), where);
        assertEquals(errorCode, text(e.get("error_code")), where);
        assertEquals(service, text(e.get("service")), where);
    }

    private static void assertActor(JsonNode e, String type, String id, String userId) {
        JsonNode actor = e.get("actor");
        assertEquals(type, actor.get("type").asText(), e.toString());
        assertEquals(id, text(actor.get("id")), e.toString());
        assertEquals(userId, text(actor.get("user_id")), e.toString());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** The fields of the lore.audit.v1 table in docs/events.md are exactly the schema's. */
    private static void schemaHasTheFieldsTheDocumentLists(JsonNode schema, String events) {
        int start = events.indexOf("## `lore.audit.v1`");
        assertTrue(start >= 0, "docs/events.md has no lore.audit.v1 section");
        int end = events.indexOf("\n## ", start + 1);
        String section = events.substring(start, end < 0 ? events.length() : end);
        assertTrue(section.contains("schemas/lore.audit.v1.schema.json"), "the section links the JSON Schema");
        Set<String> documented = new TreeSet<>();
        Pattern token = Pattern.compile("`([a-z_.]+)`");
        int table = section.indexOf("| field | meaning |");
        assertTrue(table >= 0, "the lore.audit.v1 section has no field table");
        for (String row : section.substring(table).split("\n\n", 2)[0].split("\n")) {
            if (row.startsWith("| `")) {
                Matcher m = token.matcher(row.split("\\|")[1]);
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        Set<String> inSchema = new TreeSet<>();
        for (String field : (Iterable<String>) () -> schema.get("properties").fieldNames()) {
            JsonNode nested = schema.at("/properties/" + field + "/properties");
            if (nested.isMissingNode()) {
                inSchema.add(field);
            } else {
                nested.fieldNames().forEachRemaining(sub -> inSchema.add(field + "." + sub));
            }
        }
        assertEquals(documented, inSchema, "docs/events.md's field table and the JSON Schema disagree");
        Set<String> topLevel = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(topLevel::add);
        Set<String> required = new TreeSet<>();
        schema.get("required").forEach(f -> required.add(f.asText()));
        assertEquals(topLevel, required, "every documented field is always present (null when it has no value)");
        assertFalse(schema.get("additionalProperties").asBoolean(true), "the schema must refuse unknown fields");
        assertFalse(schema.at("/properties/actor/additionalProperties").asBoolean(true));
    }

    /** Runs the kafkajs subscriber until it has printed {@code max} lines; answers them parsed. */
    private static List<JsonNode> subscribe(Path tool, String topic, long max) throws Exception {
        String brokers = LoreInfra.bootstrapServers().replaceAll("[A-Za-z_]+://", "");
        Path out = Files.createTempFile("audit-subscriber", ".jsonl");
        Path err = Files.createTempFile("audit-subscriber", ".log");
        try {
            Process node = new ProcessBuilder("node", "subscribe.mjs", "--brokers", brokers, "--topic", topic,
                    "--group", "lore-contract-test-" + UUID.randomUUID(), "--max", Long.toString(max),
                    "--timeout-ms", "60000")
                    .directory(tool.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!node.waitFor(90, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                fail("the subscriber did not stop; stderr:\n" + Files.readString(err));
            }
            assertEquals(0, node.exitValue(), "the subscriber failed (3: fewer than " + max + " records); stderr:\n"
                    + Files.readString(err));
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(out)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Records on {@code topic} (no compaction or deletion here), once the count stops moving. */
    private static long stableRecordCount(String topic) throws InterruptedException {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LoreInfra.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map((PartitionInfo p) -> new TopicPartition(topic, p.partition())).toList();
            long last = -1;
            while (true) {
                Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                long count = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
                if (count == last) {
                    return count;
                }
                last = count;
                Thread.sleep(500);
            }
        }
    }
}
