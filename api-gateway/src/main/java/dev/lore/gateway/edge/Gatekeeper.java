package dev.lore.gateway.edge;

import dev.lore.common.auth.Caller;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.error.LoreException;
import dev.lore.common.event.AuditEvent;
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
import java.util.Set;

/**
 * Admits a request: resolves the credential (API key or Keycloak token), picks the project
 * ({@code X-Project-Id}, else the principal's default), spends one request of the rate limit and
 * mints the internal token the services trust.
 *
 * <p>Most requests are decided on the calling thread, without blocking, from what this replica
 * holds: a cached key, the cached project list and a rate-limit lease. Only when one of them must be
 * read from the database (a key not seen for a couple of seconds, an exact rate limit, a lease run
 * dry) does the request go to a worker thread, in one hop; the future then completes back on the
 * caller's context.
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
        return admit(authorization, projectHeader, requestId, false);
    }

    /**
     * @param auditTrail the request goes to the audit service, where an all-projects principal may
     *                   also name {@link AuditEvent#NO_PROJECT}: the trail of requests that named no
     *                   project (refused before authentication, unknown keys)
     */
    public Future<Admission> admit(String authorization, String projectHeader, String requestId, boolean auditTrail) {
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
            Admission local;
            try {
                Principal principal = keys.cached(credential);
                local = principal == null ? null : admitLocally(principal, projectHeader, requestId, auditTrail);
            } catch (LoreException e) {
                local = Admission.refused(null, null, e);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            return local != null ? Future.succeededFuture(local) : vertx.executeBlocking(() -> {
                Principal principal;
                try {
                    principal = keys.authenticate(credential);
                } catch (LoreException e) {
                    return Admission.refused(null, null, e);
                }
                return admit(principal, projectHeader, requestId, auditTrail);
            }, false);
        }
        return Future.fromCompletionStage(tokens.authenticate(credential).subscribeAsCompletionStage(),
                        vertx.getOrCreateContext())
                .compose(principal -> {
                            Admission local = admitLocally(principal, projectHeader, requestId, auditTrail);
                            return local != null ? Future.succeededFuture(local)
                                    : vertx.executeBlocking(() -> admit(principal, projectHeader, requestId, auditTrail), false);
                        },
                        failure -> failure instanceof LoreException e
                                ? Future.succeededFuture(Admission.refused(null, null, e))
                                : Future.failedFuture(failure));
    }

    /** The admission, decided without blocking; null when something must be read first. */
    private Admission admitLocally(Principal principal, String projectHeader, String requestId, boolean auditTrail) {
        Set<String> active = projects.cachedActiveIds();
        if (active == null) {
            return null;
        }
        String project;
        try {
            project = project(principal, projectHeader, active, auditTrail);
        } catch (LoreException e) {
            return Admission.refused(principal, null, e);
        }
        RateLimiter.Decision limit = limiter.tryAcquireLocally(principal.rateSubject(), principal.rateLimitRpm());
        return limit == null ? null : admitted(principal, project, limit, requestId);
    }

    /** The admission; blocking. */
    private Admission admit(Principal principal, String projectHeader, String requestId, boolean auditTrail) {
        String project;
        try {
            project = project(principal, projectHeader, projects.activeIds(), auditTrail);
        } catch (LoreException e) {
            return Admission.refused(principal, null, e);
        }
        RateLimiter.Decision limit = limiter.acquire(principal.rateSubject(), principal.rateLimitRpm());
        if (!limit.allowed()) {
            return Admission.refused(principal, limit, new LoreException(429, "rate_limited",
                    "Rate limit of " + limit.limit() + " requests per minute reached; retry in "
                            + limit.retryAfterSeconds() + " s"));
        }
        return admitted(principal, project, limit, requestId);
    }

    private Admission admitted(Principal principal, String project, RateLimiter.Decision limit, String requestId) {
        Caller caller = new Caller(principal.userId(), principal.keyId(), project,
                principal.allProjects() ? List.of(project) : principal.projectIds(),
                principal.permissions(), requestId, null);
        return new Admission(principal, caller, internalTokens.mint(caller, config.internalTokenTtl()), limit, null);
    }

    private String project(Principal principal, String header, Set<String> active, boolean auditTrail) {
        String requested = header == null || header.isBlank() ? null : header.trim();
        if (AuditEvent.NO_PROJECT.equals(requested)) {
            if (auditTrail && principal.allProjects()) {
                return requested;
            }
            throw new LoreException(403, "project_forbidden", "Project '" + AuditEvent.NO_PROJECT
                    + "' (requests that named no project) is only the audit trail's, readable by all-projects keys");
        }
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
        if (!active.contains(requested)) {
            throw principal.allProjects()
                    ? LoreException.notFound("project", requested)
                    : new LoreException(403, "project_forbidden", "Project '" + requested + "' is not active");
        }
        return requested;
    }
}
