package dev.lore.gateway;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resolved keys are cached for {@code lore.gateway.key-cache.ttl} (2 s): a change made through this
 * replica applies at once (KeysTest), one made through another replica within the TTL.
 */
@QuarkusTest
class KeyCacheTest extends GatewayTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aKeyChangedThroughAnotherReplicaIsRefusedWithinTheCacheTtl() throws Exception {
        var created = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "elsewhere",
                "project_ids", List.of("default"), "permissions", List.of("documents:read")))
                .post("/v1/keys").then().statusCode(201).extract();
        String key = created.path("key");
        as(key).get("/v1/auth/me").then().statusCode(200);
        // what another replica's PATCH writes; this replica's cache is not told
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("update api_keys set status = 'disabled' where id = ?")) {
            s.setString(1, created.path("id"));
            s.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).until(() ->
                as(key).get("/v1/auth/me").statusCode() == 401);
        as(key).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("key_disabled"));
    }

    @Test
    void usingAKeyRecordsItsLastUse() {
        var created = as(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "used",
                "project_ids", List.of("default"), "permissions", List.of("documents:read")))
                .post("/v1/keys").then().statusCode(201).extract();
        String id = created.path("id");
        as(ADMIN).get("/v1/keys/" + id).then().statusCode(200).body("last_used_at", nullValue());
        as((String) created.path("key")).get("/v1/auth/me").then().statusCode(200);
        as(ADMIN).get("/v1/keys/" + id).then().statusCode(200).body("last_used_at", notNullValue());
    }
}
