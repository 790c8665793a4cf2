package dev.lore.gateway.identity;

import dev.lore.common.error.LoreException;
import dev.lore.gateway.model.ApiKey;
import java.time.Instant;

/**
 * A key as read from the database, whatever its status, with the principal it stands for. The
 * status is judged on every use, so an expiry passes on time even while the key is cached.
 */
public record ResolvedKey(String status, Instant expiresAt, Principal principal) {

    /** The principal, or the refusal the key's status calls for at {@code now}. */
    public Principal admit(Instant now) {
        switch (ApiKey.effectiveStatus(status, expiresAt, now)) {
            case ApiKey.ACTIVE -> {
                return principal;
            }
            case ApiKey.EXPIRED -> throw new LoreException(401, "key_expired", "The API key expired at " + expiresAt);
            case ApiKey.DISABLED -> throw new LoreException(401, "key_disabled", "The API key is disabled");
            default -> throw new LoreException(401, "key_revoked", "The API key has been revoked");
        }
    }
}
