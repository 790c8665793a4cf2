package dev.lore.gateway.edge;

import dev.lore.common.auth.Caller;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.config.GatewayConfig;
import dev.lore.gateway.identity.KeyAuthenticator;
import dev.lore.gateway.identity.Principal;
import dev.lore.gateway.identity.TokenAuthenticator;
import dev.lore.gateway.limit.RateLimiter;
import dev.lore.gateway.service.ProjectDirectory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Admits a request: resolves the credential (API key or Keycloak token), picks the project
 * ({@code X-Project-Id}, else the principal's default), spends one request of the rate limit and
 * mints the internal token the services trust. The blocking part (key lookup and rate limit) runs
 * in one hop to a worker thread; the future completes back on the caller's context.
 */
@ApplicationScoped
public class Gatekeeper {

    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;
    @Inject
    KeyAuthenticator keys;
    @Inject
    TokenAuthenticator tokens;
    @Inject
    ProjectDirectory projects;
    @Inject
    RateLimiter limiter;
    @Inject
    InternalTokens internalTokens;

    public Future<Admission> admit(String authorization, String projectHeader, String requestId) {
        if (authorization == null || authorization.isBlank()) {
            return Future.succeededFuture(Admission.refused(null, null, new LoreException(401, "missing_credentials",
                    "No credentials: send Authorization: Bearer <API key or access token>")));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.succeededFuture(Admission.refused(null, null, new LoreException(401, "invalid_api_key",
                    "The Authorization header must be 'Bearer <API key or access token>'")));
        }
        String credential = authorization.substring(7).trim();
        if (credential.startsWith("sk-")) {
            return vertx.executeBlocking(() -> {
                Principal principal;
                try {
                    principal = keys.authenticate(credential);
                } catch (LoreException e) {
                    return Admission.refused(null, null, e);
                }
                return admit(principal, projectHeader, requestId);
            }, false);
        }
        return Future.fromCompletionStage(tokens.authenticate(credential).subscribeAsCompletionStage(),
                        vertx.getOrCreateContext())
                .compose(principal -> vertx.executeBlocking(() -> admit(principal, projectHeader, requestId), false),
                        failure -> failure instanceof LoreException e
                                ? Future.succeededFuture(Admission.refused(null, null, e))
                                : Future.failedFuture(failure));
    }

    private Admission admit(Principal principal, String projectHeader, String requestId) {
        String project;
        try {
            project = project(principal, projectHeader);
        } catch (LoreException e) {
            return Admission.refused(principal, null, e);
        }
        RateLimiter.Decision limit = limiter.acquire(principal.rateSubject(), principal.rateLimitRpm());
        if (!limit.allowed()) {
            return Admission.refused(principal, limit, new LoreException(429, "rate_limited",
                    "Rate limit of " + limit.limit() + " requests per minute reached; retry in "
                            + limit.retryAfterSeconds() + " s"));
        }
        Caller caller = new Caller(principal.userId(), principal.keyId(), project,
                principal.allProjects() ? List.of(project) : principal.projectIds(),
                principal.permissions(), requestId, null);
        return new Admission(principal, caller, internalTokens.mint(caller, config.internalTokenTtl()), limit, null);
    }

    private String project(Principal principal, String header) {
        String requested = header == null || header.isBlank() ? null : header.trim();
        if (requested == null) {
            if (principal.allProjects()) {
                requested = config.defaultProject();
            } else if (principal.projectIds().isEmpty()) {
                throw new LoreException(403, "project_forbidden", "This principal belongs to no project");
            } else {
                requested = principal.projectIds().get(0);
            }
        }
        if (!principal.allProjects() && !principal.projectIds().contains(requested)) {
            throw new LoreException(403, "project_forbidden", "Not permitted in project '" + requested + "'");
        }
        if (!projects.isActive(requested)) {
            throw principal.allProjects()
                    ? LoreException.notFound("project", requested)
                    : new LoreException(403, "project_forbidden", "Project '" + requested + "' is not active");
        }
        return requested;
    }
}
