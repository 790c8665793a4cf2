package dev.lore.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

import dev.lore.testsupport.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeycloakLoginTest extends GatewayTest {

    @Test
    void aRealmUsersAccessTokenWorksWithRolesAsPermissionsAndGroupsAsProjects() {
        String token = KeycloakServer.shared().passwordGrant("lore-cli", "alice", "alice");
        String sub = KeycloakServer.claimsJson(token).replaceAll("(?s).*\"sub\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        as(token).get("/v1/auth/me").then().statusCode(200)
                .body("user_id", equalTo(sub))
                .body("auth_type", equalTo("oidc"))
                .body("permissions", hasItems("documents:read", "vector:match"))
                .body("permissions", not(hasItem("keys:admin")))
                .body("project_ids", contains("default"));
        as(token).get("/v1/documents").then().statusCode(200);
        as(token).get("/v1/keys").then().statusCode(403).body("error.code", equalTo("permission_denied"));
        // bob belongs to project "other" only
        String bob = KeycloakServer.shared().passwordGrant("lore-cli", "bob", "bob");
        as(bob, "default").get("/v1/documents").then().statusCode(403).body("error.code", equalTo("project_forbidden"));
    }

    @Test
    void tamperedExpiredAndForeignTokensAreRefused() throws InterruptedException {
        String token = KeycloakServer.shared().passwordGrant("lore-cli", "alice", "alice");
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"default\"", "\"elsewhere\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        as(tampered).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("invalid_token"));

        String foreign = KeycloakServer.shared().masterAdminToken();
        as(foreign).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("invalid_token"));

        String shortLived = KeycloakServer.shared().shortLivedToken("alice", "alice", 3);
        as(shortLived).get("/v1/auth/me").then().statusCode(200);
        Thread.sleep(4_500);
        as(shortLived).get("/v1/auth/me").then().statusCode(401).body("error.code", equalTo("invalid_token"));
        given().header("Authorization", "Bearer not.a.jwt").get("/v1/auth/me").then().statusCode(401);
    }
}
