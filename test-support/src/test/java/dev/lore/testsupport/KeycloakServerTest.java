package dev.lore.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Starts the real Keycloak with Lore's realm and checks the tokens it issues. Takes 25-95 s, so it
 * runs only when asked: {@code -Dlore.keycloak.dist=<path to keycloak-quarkus-dist-26.7.3.zip>}.
 */
@EnabledIfSystemProperty(named = "lore.keycloak.dist", matches = ".+")
class KeycloakServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void issuesTokensWithLoreClaims() throws Exception {
        long t0 = System.nanoTime();
        KeycloakServer kc = KeycloakServer.start(Path.of(System.getProperty("lore.keycloak.dist")),
                Path.of(System.getProperty("lore.keycloak.realm", "../deploy/keycloak/lore-realm.json")));
        System.out.printf("Keycloak ready in %d s at %s%n", (System.nanoTime() - t0) / 1_000_000_000L, kc.issuer());

        JsonNode alice = JSON.readTree(KeycloakServer.claimsJson(kc.passwordGrant("lore-cli", "alice", "alice")));
        System.out.println("alice: " + alice.toPrettyString());
        assertEquals(kc.issuer(), alice.path("iss").asText());
        assertTrue(strings(alice.path("aud")).contains("lore-api"), "aud: " + alice.path("aud"));
        assertEquals(List.of("default"), strings(alice.path("lore_projects")));
        List<String> roles = strings(alice.path("realm_access").path("roles"));
        assertTrue(roles.containsAll(List.of("lore-member", "documents:read", "memories:write")), roles.toString());
        assertTrue(!roles.contains("keys:admin"), roles.toString());

        JsonNode bob = JSON.readTree(KeycloakServer.claimsJson(kc.passwordGrant("lore-cli", "bob", "bob")));
        assertEquals(List.of("other"), strings(bob.path("lore_projects")));

        assertThrows(IllegalStateException.class, () -> kc.passwordGrant("lore-cli", "alice", "wrong"));
        // the console is a browser client: no password grant
        assertThrows(IllegalStateException.class, () -> kc.passwordGrant("lore-console", "alice", "alice"));
    }

    /** A JSON string or array of strings (JWT {@code aud} is either). */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }
}
