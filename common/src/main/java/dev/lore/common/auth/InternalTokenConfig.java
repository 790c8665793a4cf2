package dev.lore.common.auth;

import io.smallrye.config.ConfigMapping;

/**
 * {@code lore.internal-token.*}: its own config root, so a service's {@code @ConfigMapping(prefix = "lore")},
 * which rejects keys it does not know, accepts it too, and a missing secret fails startup.
 */
@ConfigMapping(prefix = "lore.internal-token")
public interface InternalTokenConfig {

    /** The deployment's shared HS256 secret ({@code LORE_INTERNAL_TOKEN_SECRET}), at least 32 bytes; no default. */
    String secret();
}
