package dev.lore.gateway.identity;

import dev.lore.common.error.LoreException;
import dev.lore.gateway.model.ApiKey;
import dev.lore.gateway.repository.ApiKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Resolves {@code sk-…} keys. Blocking (one indexed lookup); call it off the event loop. */
@ApplicationScoped
public class KeyAuthenticator {
    /** last_used_at is a hint, written at most this often per key to keep the hot path read-only. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    @Inject
    ApiKeyRepository keys;

    @Transactional
    public Principal authenticate(String secret) {
        if (!ApiKeys.wellFormed(secret)) {
            throw new LoreException(401, "invalid_api_key", "The API key is malformed: expected sk- followed by 29 letters or digits");
        }
        ApiKey key = keys.bySecretHash(ApiKeys.hash(secret))
                .orElseThrow(() -> new LoreException(401, "invalid_api_key", "The API key is not valid"));
        Instant now = Instant.now();
        switch (key.effectiveStatus(now)) {
            case ApiKey.ACTIVE -> { }
            case ApiKey.EXPIRED -> throw new LoreException(401, "key_expired", "The API key expired at " + key.expiresAt);
            case ApiKey.DISABLED -> throw new LoreException(401, "key_disabled", "The API key is disabled");
            default -> throw new LoreException(401, "key_revoked", "The API key has been revoked");
        }
        if (key.lastUsedAt == null || key.lastUsedAt.isBefore(now.minus(LAST_USED_GRANULARITY))) {
            key.lastUsedAt = now;
        }
        return new Principal(Principal.Kind.API_KEY, key.owner, key.id, key.allProjects, key.projectList(),
                Set.of(key.permissions), key.rateLimitRpm, key.expiresAt);
    }
}
