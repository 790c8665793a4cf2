package dev.lore.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.lore.gateway.identity.ApiKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeysTest extends GatewayTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aKeyIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        var created = as(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "ci", "project_ids", List.of("default"), "permissions", List.of("documents:read")))
                .post("/v1/keys").then().statusCode(201)
                .body("key", matchesPattern("sk-[0-9A-Za-z]{29}"))
                .body("project_ids", contains("default"))
                .body("rate_limit_rpm", equalTo(60))
                .body("status", equalTo("active"))
                .extract();
        String key = created.path("key");
        String id = created.path("id");
        assertEquals(32, key.length());
        as(ADMIN).get("/v1/keys/" + id).then().statusCode(200)
                .body("key", nullValue())
                .body("prefix", equalTo(key.substring(0, 7) + "…" + key.substring(28)));
        as(ADMIN).get("/v1/keys").then().statusCode(200).body("data.id", hasItem(id)).body("data.key", everyItem(nullValue()));
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select * from api_keys where id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                assertArrayEquals(ApiKeys.hash(key), r.getBytes("secret_hash"));
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    Object value = r.getObject(i);
                    String text = value instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(value);
                    assertFalse(text.contains(key.substring(3)), "column " + r.getMetaData().getColumnName(i) + " holds the secret");
                }
            }
        }
        as(key).get("/v1/auth/me").then().statusCode(200)
                .body("key_id", equalTo(id))
                .body("user_id", equalTo("admin"))
                .body("permissions", contains("documents:read"))
                .body("project_ids", contains("default"));
    }

    @Test
    void missingMalformedAndUnknownCredentialsAre401WithStableCodes() {
        given().get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("missing_credentials"))
                .header("X-Request-Id", notNullValue());
        as("sk-short").get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        as(ApiKeys.generate()).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Basic YTpi").get("/v1/documents").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
        // forwarded surfaces answer in their own envelopes
        given().contentType(ContentType.JSON).body("{\"prompt\":\"x\"}").post("/v1/vector/match").then().statusCode(401)
                .body("code", equalTo(40127));
        given().contentType(ContentType.JSON).header("X-Request-Id", "rid-viking-1").body("{}")
                .post("/api/knowledge/service/chat").then().statusCode(401)
                .body("code", equalTo(401)).body("request_id", equalTo("rid-viking-1"));
    }

    @Test
    void expiredDisabledAndRevokedKeysAreRefused() throws Exception {
        String expiring = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "short", "project_ids", List.of("default"),
                        "permissions", List.of("documents:read"), "expires_at", Instant.now().plusSeconds(2).toString()))
                .post("/v1/keys").then().statusCode(201).extract().path("key");
        as(expiring).get("/v1/auth/me").then().statusCode(200);
        Thread.sleep(2_500);
        as(expiring).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("key_expired"));

        var created = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "toggle", "project_ids", List.of("default"),
                "permissions", List.of("documents:read"))).post("/v1/keys").then().statusCode(201).extract();
        String key = created.path("key");
        String id = created.path("id");
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("status", "disabled")).patch("/v1/keys/" + id)
                .then().statusCode(200).body("status", equalTo("disabled"));
        as(key).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("key_disabled"));
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("status", "active")).patch("/v1/keys/" + id).then().statusCode(200);
        as(key).get("/v1/auth/me").then().statusCode(200);
        as(ADMIN).delete("/v1/keys/" + id).then().statusCode(200).body("status", equalTo("revoked"));
        as(key).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("key_revoked"));
    }

    @Test
    void nobodyGrantsMoreThanTheyHold() {
        String project = createProject(unique("grant"));
        String keyAdmin = createKey(List.of(project), List.of("keys:admin", "documents:read"), null);
        as(keyAdmin).contentType(ContentType.JSON).body(Map.of("name", "x", "project_ids", List.of(project),
                "permissions", List.of("documents:write"))).post("/v1/keys").then().statusCode(403)
                .body("error.code", equalTo("permission_denied"));
        as(keyAdmin).contentType(ContentType.JSON).body(Map.of("name", "x", "project_ids", List.of("default"),
                "permissions", List.of("documents:read"))).post("/v1/keys").then().statusCode(403)
                .body("error.code", equalTo("project_forbidden"));
        as(keyAdmin).contentType(ContentType.JSON).body(Map.of("name", "x", "project_ids", List.of("*"),
                "permissions", List.of("documents:read"))).post("/v1/keys").then().statusCode(403);
        String child = as(keyAdmin).contentType(ContentType.JSON).body(Map.of("name", "x", "project_ids", List.of(project),
                "permissions", List.of("documents:read"))).post("/v1/keys").then().statusCode(201).extract().path("id");
        // it sees its own project's keys, never the admin's
        as(keyAdmin).get("/v1/keys").then().statusCode(200).body("data.id", hasItem(child))
                .body("data.project_ids.flatten()", everyItem(equalTo(project)));
        // a key without keys:admin cannot manage keys at all
        String reader = createKey(List.of(project), List.of("documents:read"), null);
        as(reader).get("/v1/keys").then().statusCode(403).body("error.code", equalTo("permission_denied"));
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "x", "project_ids", List.of("default"),
                "permissions", List.of("bogus"))).post("/v1/keys").then().statusCode(400).body("error.param", equalTo("permissions"));
    }

    @Test
    void projectsAreAdministeredAndDeletedProjectsAreUnusable() {
        String project = createProject(unique("proj"));
        as(ADMIN).get("/v1/projects").then().statusCode(200).body("data.id", hasItems("default", project));
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "Renamed")).patch("/v1/projects/" + project)
                .then().statusCode(200).body("name", equalTo("Renamed"));
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("id", project)).post("/v1/projects").then().statusCode(409);
        String key = createKey(List.of(project), List.of("documents:read"), null);
        as(key).get("/v1/documents").then().statusCode(200);
        as(ADMIN).delete("/v1/projects/" + project).then().statusCode(200).body("status", equalTo("deleted"));
        as(key).get("/v1/documents").then().statusCode(403).body("error.code", equalTo("project_forbidden"));
        as(ADMIN, project).get("/v1/documents").then().statusCode(404).body("error.code", equalTo("project_not_found"));
        as(ADMIN).delete("/v1/projects/default").then().statusCode(409);
    }
}
