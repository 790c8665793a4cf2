package dev.lore.common.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The deployment's shared internal-token secret ({@code LORE_INTERNAL_TOKEN_SECRET}); no default on purpose.
 * Created at startup, so a missing or too short secret stops the service instead of failing every request.
 */
@ApplicationScoped
public class InternalTokensProducer {

    @Produces
    @ApplicationScoped
    @Startup
    InternalTokens internalTokens(InternalTokenConfig config) {
        return new InternalTokens(config.secret());
    }
}
