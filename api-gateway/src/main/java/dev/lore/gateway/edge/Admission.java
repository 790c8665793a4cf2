package dev.lore.gateway.edge;

import dev.lore.common.auth.Caller;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.identity.Principal;
import dev.lore.gateway.limit.RateLimiter;

/**
 * What the gatekeeper decided for one request: who (when known), the project, the rate-limit
 * verdict and the internal token to forward — or the refusal. A refusal still carries whatever was
 * learned, so the audit event names the actor of a rate-limited or wrong-project request.
 */
public record Admission(Principal principal, Caller caller, String internalToken, RateLimiter.Decision limit,
                        LoreException refusal) {

    static Admission refused(Principal principal, RateLimiter.Decision limit, LoreException refusal) {
        return new Admission(principal, null, null, limit, refusal);
    }

    public boolean admitted() {
        return refusal == null;
    }
}
