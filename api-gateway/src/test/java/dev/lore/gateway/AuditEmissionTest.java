package dev.lore.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.testsupport.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditEmissionTest extends GatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRequestEmitsOneEventAfterItsResponse() throws Exception {
        String project = createProject(unique("audit"));
        var created = as(ADMIN).contentType("application/json").body(Map.of("name", "audited", "project_ids", List.of(project),
                "permissions", List.of("documents:read"))).post("/v1/keys").then().statusCode(201).extract();
        String key = created.path("key");
        String keyId = created.path("id");
        String run = unique("rid");
        as(key).header("X-Request-Id", run + "-ok").header("User-Agent", "audit-test/1").get("/v1/documents").then().statusCode(200);
        as(key).header("X-Request-Id", run + "-404").get("/v1/documents/00000000-0000-0000-0000-000000000000").then().statusCode(404);
        given().header("X-Request-Id", run + "-anon").get("/v1/documents").then().statusCode(401);
        as(key).header("X-Request-Id", run + "-perm").multiPart("file", "a.txt", "x".getBytes()).post("/v1/documents").then().statusCode(403);
        as(key).header("X-Request-Id", run + "-me").get("/v1/auth/me").then().statusCode(200);

        List<ConsumerRecord<String, String>> records = KafkaTestClient.read("lore.audit.v1",
                r -> r.value().contains(run), found -> found.size() >= 5, Duration.ofSeconds(20));
        Map<String, JsonNode> byRequest = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            assertFalse(r.value().contains(key), "an audit event must never carry the secret");
            JsonNode e = JSON.readTree(r.value());
            assertNull(byRequest.put(e.get("request_id").asText(), e), "one event per request");
        }
        assertEquals(5, byRequest.size(), byRequest.keySet().toString());

        JsonNode ok = byRequest.get(run + "-ok");
        assertEquals("lore.audit.v1", ok.get("schema").asText());
        assertEquals("documents.list", ok.get("action").asText());
        assertEquals(200, ok.get("status").asInt());
        assertEquals(project, ok.get("project_id").asText());
        assertEquals("api_key", ok.at("/actor/type").asText());
        assertEquals(keyId, ok.at("/actor/id").asText());
        assertEquals("audit-test/1", ok.get("user_agent").asText());
        assertEquals("ingestion", ok.get("service").asText());
        assertTrue(ok.get("latency_ms").asDouble() > 0);
        assertFalse(ok.get("client_ip").asText().isBlank());
        assertFalse(ok.get("event_id").asText().isBlank());
        assertEquals(project, records.stream().filter(r -> r.value().contains(run + "-ok")).findFirst().orElseThrow().key());

        JsonNode notFound = byRequest.get(run + "-404");
        assertEquals("documents.get", notFound.get("action").asText());
        assertEquals(404, notFound.get("status").asInt());
        assertEquals("00000000-0000-0000-0000-000000000000", notFound.at("/resource_ids/0").asText());

        JsonNode anonymous = byRequest.get(run + "-anon");
        assertEquals("auth.denied", anonymous.get("action").asText());
        assertEquals("documents.list", anonymous.get("denied_action").asText());
        assertEquals("anonymous", anonymous.at("/actor/type").asText());
        assertEquals("missing_credentials", anonymous.get("error_code").asText());
        assertEquals(401, anonymous.get("status").asInt());

        JsonNode denied = byRequest.get(run + "-perm");
        assertEquals("auth.denied", denied.get("action").asText());
        assertEquals("documents.upload", denied.get("denied_action").asText());
        assertEquals(403, denied.get("status").asInt());

        assertEquals("auth.me", byRequest.get(run + "-me").get("action").asText());
    }
}
