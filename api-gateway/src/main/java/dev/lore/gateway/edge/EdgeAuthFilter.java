package dev.lore.gateway.edge;

import dev.lore.common.project.ProjectContext;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admits requests to the gateway's own endpoints exactly like forwarded ones, then hands the
 * minted internal token to the shared {@code InternalAuthFilter}, so permissions are enforced by
 * one mechanism everywhere, the gateway included.
 */
public class EdgeAuthFilter {

    @Inject
    Gatekeeper gatekeeper;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Uni<Void> admit(ContainerRequestContext request, RoutingContext ctx) {
        Exchange exchange = Exchange.of(ctx);
        return Uni.createFrom().completionStage(() -> gatekeeper.admit(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                        request.getHeaderString(ProjectContext.HEADER), exchange.requestId).toCompletionStage())
                .map(admission -> {
                    exchange.admission = admission;
                    EdgeResponses.rateLimitHeaders(ctx.response().headers(), admission.limit());
                    if (!admission.admitted()) {
                        throw admission.refusal();
                    }
                    String bearer = "Bearer " + admission.internalToken();
                    ctx.request().headers().set(HttpHeaders.AUTHORIZATION, bearer);
                    request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, bearer);
                    return null;
                });
    }
}
