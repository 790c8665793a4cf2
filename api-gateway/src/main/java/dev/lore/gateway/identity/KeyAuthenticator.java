package dev.lore.gateway.identity;

import dev.lore.common.error.LoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Resolves {@code sk-…} keys: from the {@link KeyCache} when this replica read the key recently
 * ({@link #cached}, non-blocking), else from the database ({@link #authenticate}, blocking).
 */
@ApplicationScoped
public class KeyAuthenticator {

    @Inject
    KeyCache cache;

    /**
     * The key's principal if it is cached, or null when it must be read with {@link #authenticate}.
     * Never blocks; throws the refusal of a malformed, expired, disabled or revoked key.
     */
    public Principal cached(String secret) {
        ResolvedKey key = cache.get(ApiKeys.hash(wellFormed(secret)));
        return key == null ? null : key.admit(Instant.now());
    }

    /** The key's principal, reading it unless cached. Blocking: call it off the event loop. */
    public Principal authenticate(String secret) {
        ResolvedKey key = cache.load(ApiKeys.hash(wellFormed(secret)));
        if (key == null) {
            throw new LoreException(401, "invalid_api_key", "The API key is not valid");
        }
        return key.admit(Instant.now());
    }

    private static String wellFormed(String secret) {
        if (!ApiKeys.wellFormed(secret)) {
            throw new LoreException(401, "invalid_api_key", "The API key is malformed: expected sk- followed by 29 letters or digits");
        }
        return secret;
    }
}
