package dev.lore.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forwarding: every public path reaches its service through the gateway with streaming bodies,
 * projects are sealed from each other on every API, services refuse anything but the gateway's
 * token, and an upstream that is down or absent is a 503 naming it.
 */
@QuarkusTest
class RoutingTest extends GatewayTest {
    static final List<String> MEMBER = List.of("documents:read", "documents:write", "knowledge:admin", "vector:match",
            "rag:query", "embeddings");

    @Test
    void uploadsAndDownloadsStreamThroughAndProjectsStaySealed() {
        String a = createProject(unique("sealed-a"));
        String b = createProject(unique("sealed-b"));
        String keyA = createKey(List.of(a), MEMBER, 1000);
        String keyB = createKey(List.of(b), MEMBER, 1000);
        byte[] text = ("Zanzibar cloves grow in the gateway test corpus. " + "x".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        String doc = as(keyB).multiPart("file", "cloves.txt", text, "text/plain").post("/v1/documents")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "ready".equals(as(keyB).get("/v1/documents/" + doc).then().extract().path("status")));
        byte[] back = as(keyB).get("/v1/documents/" + doc + "/download").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(text, back);
        as(keyB).contentType(ContentType.JSON).body(Map.of("prompt", "Zanzibar cloves", "top_k", 3))
                .post("/v1/vector/match").then().statusCode(200).body("list.data_id", hasItem(doc));

        // project A's key: nothing of B is readable, listable, searchable or deletable, on any API
        as(keyA, b).get("/v1/documents").then().statusCode(403).body("error.code", equalTo("project_forbidden"));
        as(keyA).get("/v1/documents").then().statusCode(200).body("data.id", not(hasItem(doc)));
        as(keyA).get("/v1/documents/" + doc).then().statusCode(404);
        as(keyA).get("/v1/documents/" + doc + "/download").then().statusCode(404);
        as(keyA).delete("/v1/documents/" + doc).then().statusCode(404);
        as(keyA).contentType(ContentType.JSON).body(Map.of("prompt", "Zanzibar cloves", "top_k", 3, "embedding_rate", 0))
                .post("/v1/vector/match").then().statusCode(200).body("list.data_id", not(hasItem(doc)));
        as(keyA).contentType(ContentType.JSON).body(Map.of("query", "Zanzibar cloves", "top_k", 5))
                .post("/v1/rag/query").then().statusCode(200).body(not(containsString(doc)));
        as(keyA, b).contentType(ContentType.JSON).body(Map.of("prompt", "Zanzibar cloves"))
                .post("/v1/vector/match").then().statusCode(403).body("code", equalTo(40127));
        as(keyB).get("/v1/documents/" + doc).then().statusCode(200);
    }

    @Test
    void servicesEnforceTheTokensPermissions() {
        String project = createProject(unique("perm"));
        String reader = createKey(List.of(project), List.of("documents:read"), null);
        as(reader).get("/v1/documents").then().statusCode(200);
        as(reader).multiPart("file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/v1/documents").then().statusCode(403).body("error.code", equalTo("permission_denied"));
        as(reader).contentType(ContentType.JSON).body(Map.of("prompt", "hello"))
                .post("/v1/vector/match").then().statusCode(403).body("code", equalTo(40127));
    }

    @Test
    void servicesRefuseAnythingButTheGatewaysToken() {
        given().get(ServicesResource.ingestionUrl + "/v1/documents").then().statusCode(401)
                .body("error.code", equalTo("missing_internal_token"));
        given().header("Authorization", "Bearer " + ADMIN).get(ServicesResource.ingestionUrl + "/v1/documents")
                .then().statusCode(401).body("error.code", equalTo("invalid_internal_token"));
        given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON).body(Map.of("prompt", "x"))
                .post(ServicesResource.retrievalUrl + "/v1/vector/match").then().statusCode(401).body("code", equalTo(40127));
    }

    @Test
    void requestIdsAreEchoedAndForwarded() {
        as(ADMIN).header("X-Request-Id", "rid-echo-1").get("/v1/documents").then().statusCode(200)
                .header("X-Request-Id", "rid-echo-1");
        String minted = as(ADMIN).get("/v1/documents").then().statusCode(200).extract().header("X-Request-Id");
        assertNotNull(minted);
        as(ADMIN).header("X-Request-Id", "rid-viking-2").contentType(ContentType.JSON)
                .body(Map.of("service_resource_id", "nope", "messages", List.of(Map.of("role", "user", "content", "hi")), "stream", false))
                .post("/api/knowledge/service/chat").then().body("request_id", equalTo("rid-viking-2"));
    }

    @Test
    void anUpstreamThatIsDownOrAbsentIs503NamingIt() {
        as(ADMIN).get("/v1/memories").then().statusCode(503)
                .body("error.code", equalTo("service_unavailable"))
                .body("error.message", containsString("memory"))
                .body(not(containsString("Exception")));
        as(ADMIN).get("/v1/audit/logs").then().statusCode(503).body("error.message", containsString("audit"));
    }

    @Test
    void onlyAllProjectKeysReadTheTrailOfRequestsThatNamedNoProject() {
        // Admitted and forwarded (the audit service is not deployed here: 503), only to the audit service.
        as(ADMIN, "-").get("/v1/audit/logs").then().statusCode(503).body("error.message", containsString("audit"));
        as(ADMIN, "-").get("/v1/documents").then().statusCode(403).body("error.code", equalTo("project_forbidden"));
        String project = createProject(unique("trail"));
        String auditor = createKey(List.of(project), List.of("audit:read"), 1000);
        as(auditor, "-").get("/v1/audit/logs").then().statusCode(403).body("error.code", equalTo("project_forbidden"));
    }
}
