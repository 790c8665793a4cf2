package dev.lore.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.lore.testsupport.LoreInfra;
import dev.lore.testsupport.ServiceJar;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas (the packaged jar, twice) on one PostgreSQL: they bootstrap once between
 * them and spend one shared rate limit, so a key cannot double its allowance by spreading requests.
 */
class GatewayReplicasIT {
    private static final String ADMIN = "sk-ReplicaAdminKey00000000000000";

    @Test
    void replicasShareOneRateLimit() {
        LoreInfra.start();
        Map<String, String> env = Map.of("LORE_GATEWAY_BOOTSTRAP_ADMIN_KEY", ADMIN);
        try (ServiceJar a = ServiceJar.start("api-gateway", "gateway-a", "lore_gateway_replicas", env);
             ServiceJar b = ServiceJar.start("api-gateway", "gateway-b", "lore_gateway_replicas", env)) {
            String key = given().baseUri(a.url()).header("Authorization", "Bearer " + ADMIN).contentType("application/json")
                    .body(Map.of("name", "shared", "project_ids", List.of("default"), "permissions", List.of("documents:read"),
                            "rate_limit_rpm", 6))
                    .post("/v1/keys").then().statusCode(201).extract().path("key");
            List<ServiceJar> replicas = List.of(a, b);
            for (int i = 0; i < 6; i++) {
                Response r = given().baseUri(replicas.get(i % 2).url()).header("Authorization", "Bearer " + key)
                        .get("/v1/auth/me");
                assertEquals(200, r.statusCode(), "request " + i);
                assertEquals(Integer.toString(5 - i), r.header("x-ratelimit-remaining"), "request " + i);
            }
            for (ServiceJar replica : replicas) {
                Response refused = given().baseUri(replica.url()).header("Authorization", "Bearer " + key).get("/v1/auth/me");
                assertEquals(429, refused.statusCode());
                assertNotNull(refused.header("Retry-After"));
            }
            // one bootstrap between them: a single admin key, a single default project
            given().baseUri(b.url()).header("Authorization", "Bearer " + ADMIN).get("/v1/keys").then().statusCode(200)
                    .body("data.findAll { it.name == 'bootstrap admin' }.size()", org.hamcrest.Matchers.equalTo(1));
        }
    }
}
