package dev.lore.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/**
 * Helpers of the gateway test classes. Each class carries the same three test resources (real
 * PostgreSQL and Kafka without request signing, the real services, a real Keycloak), so they all
 * share one Quarkus application.
 */
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
