package dev.lore.gateway.identity;

import dev.lore.common.auth.Permissions;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.config.GatewayConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Keycloak (OIDC) access tokens, verified by quarkus-oidc against the realm's keys, issuer and
 * audience. Realm roles named like a permission grant it; the projects claim lists the projects.
 */
@ApplicationScoped
public class TokenAuthenticator {

    @Inject
    GatewayConfig config;
    @Inject
    Instance<TenantIdentityProvider> oidc;

    public Uni<Principal> authenticate(String token) {
        if (!config.oidc().enabled()) {
            return Uni.createFrom().failure(new LoreException(401, "invalid_api_key",
                    "The bearer credential is not a Lore API key (sk-…), and Keycloak login is not enabled"));
        }
        return oidc.get().authenticate(new AccessTokenCredential(token))
                .onFailure().transform(e -> new LoreException(401, "invalid_token",
                        "The access token is not valid: expired, tampered with, or from another issuer"))
                .map(identity -> {
                    JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
                    Set<String> permissions = new TreeSet<>();
                    for (String role : identity.getRoles()) {
                        if (Permissions.isKnown(role)) {
                            permissions.add(role);
                        }
                    }
                    Instant expires = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
                    return new Principal(Principal.Kind.USER, jwt.getSubject(), null, false,
                            projects(jwt.getClaim(config.oidc().projectsClaim())), Set.copyOf(permissions),
                            config.defaultRateLimitRpm(), expires);
                });
    }

    private static List<String> projects(Object claim) {
        List<String> projects = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> projects.add(unquote(String.valueOf(v))));
        } else if (claim != null) {
            projects.add(unquote(claim.toString()));
        }
        return List.copyOf(projects);
    }

    /** JSON-P string values print with their quotes; group paths start with a slash. */
    private static String unquote(String value) {
        String v = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
        return v.startsWith("/") ? v.substring(1) : v;
    }
}
