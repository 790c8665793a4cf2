package dev.lore.gateway.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, before a project is chosen: an API key (its owner is the user) or a Keycloak
 * user. {@code allProjects} keys (the bootstrap admin key) may act in every active project.
 */
public record Principal(Kind kind, String userId, String keyId, boolean allProjects, List<String> projectIds,
                        Set<String> permissions, int rateLimitRpm, Instant expiresAt) {

    public enum Kind { API_KEY, USER }

    /** The subject rate limits are counted against. */
    public String rateSubject() {
        return kind == Kind.API_KEY ? "key:" + keyId : "user:" + userId;
    }

    /** The audit actor id: the key id for keys (never the secret), the user id for users. */
    public String actorId() {
        return kind == Kind.API_KEY ? keyId : userId;
    }
}
