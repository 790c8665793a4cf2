package dev.lore.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points a service under {@code @QuarkusTest} at a real Keycloak serving the {@code lore} realm.
 * The distribution zip comes from system property {@code lore.keycloak.dist} (default
 * {@value #DEFAULT_DIST}, where the consumer's pom copies it with maven-dependency-plugin) and the
 * realm from {@code lore.keycloak.realm} (default {@value #DEFAULT_REALM}). Init args {@code dist}
 * and {@code realm} override both.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {
    public static final String DEFAULT_DIST = "target/keycloak/keycloak-quarkus-dist-26.7.3.zip";
    public static final String DEFAULT_REALM = "../deploy/keycloak/lore-realm.json";

    private String dist = System.getProperty("lore.keycloak.dist", DEFAULT_DIST);
    private String realm = System.getProperty("lore.keycloak.realm", DEFAULT_REALM);

    @Override
    public void init(Map<String, String> initArgs) {
        dist = initArgs.getOrDefault("dist", dist);
        realm = initArgs.getOrDefault("realm", realm);
    }

    @Override
    public Map<String, String> start() {
        KeycloakServer keycloak = KeycloakServer.start(Path.of(dist), Path.of(realm));
        return Map.of(
                "quarkus.oidc.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.client-id", "lore-api");
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by KeycloakServer's shutdown hook
    }
}
