package dev.lore.gateway;

import static io.restassured.RestAssured.given;

import dev.lore.testsupport.KeycloakResource;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/**
 * Helpers of the gateway test classes, and their three test resources (real PostgreSQL and Kafka
 * without request signing, the real services, a real Keycloak): declared once here, inherited by
 * every class, so they all share one Quarkus application.
 */
@WithTestResource(value = LoreInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "lore_gateway"),
        @ResourceArg(name = "internal-token-filter", value = "false")})
@WithTestResource(ServicesResource.class)
@WithTestResource(KeycloakResource.class)
abstract class GatewayTest {
    /** The admin key the test profile configures (lore.gateway.bootstrap.admin-key). */
    static final String ADMIN = "sk-TestAdminKey00000000000000000";

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    static RequestSpecification as(String key, String project) {
        return as(key).header("X-Project-Id", project);
    }

    static String createProject(String id) {
        as(ADMIN).contentType(ContentType.JSON).body(Map.of("id", id, "name", id))
                .post("/v1/projects").then().statusCode(201);
        return id;
    }

    static String createKey(List<String> projects, List<String> permissions, Integer rpm) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", "test key");
        body.put("project_ids", projects);
        body.put("permissions", permissions);
        if (rpm != null) {
            body.put("rate_limit_rpm", rpm);
        }
        return as(ADMIN).contentType(ContentType.JSON).body(body).post("/v1/keys")
                .then().statusCode(201).extract().path("key");
    }

    static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }
}
