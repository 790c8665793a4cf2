package dev.lore.gateway.edge;

import dev.lore.common.error.ApiExceptionMappers;
import dev.lore.common.error.LoreException;
import dev.lore.common.id.Ids;
import dev.lore.common.project.ProjectContext;
import dev.lore.gateway.audit.AuditEmitter;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The edge, in front of everything: gives each request an id (the caller's {@code X-Request-Id} or
 * a fresh one, echoed back), arranges its audit event for after the response, and forwards the
 * paths services own once the gatekeeper admits them. Paths the gateway serves itself continue to
 * its REST resources, where {@link EdgeAuthFilter} admits them the same way.
 */
@ApplicationScoped
public class EdgeRouter {
    private static final Logger LOG = Logger.getLogger(EdgeRouter.class);

    @Inject
    Gatekeeper gatekeeper;
    @Inject
    Upstreams upstreams;
    @Inject
    ServiceProxy proxy;
    @Inject
    EdgeResponses responses;
    @Inject
    AuditEmitter audit;

    void routes(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::begin);
        router.routeWithRegex(Upstreams.pathRegex()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1)
                .handler(this::forward);
    }

    private void begin(RoutingContext ctx) {
        if (ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        String requestId = ctx.request().getHeader(ApiExceptionMappers.REQUEST_ID);
        if (requestId == null || requestId.isBlank() || requestId.length() > 200) {
            requestId = Ids.timeOrdered().toString();
            ctx.request().headers().set(ApiExceptionMappers.REQUEST_ID, requestId);
        }
        ctx.response().putHeader(ApiExceptionMappers.REQUEST_ID, requestId);
        Exchange exchange = Exchange.begin(ctx, requestId);
        ctx.addEndHandler(done -> audit.emit(ctx, exchange));
        ctx.next();
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        Exchange exchange = Exchange.of(ctx);
        String service = Upstreams.owner(request.path()).orElseThrow();
        exchange.upstream = service;
        gatekeeper.admit(request.getHeader(HttpHeaders.AUTHORIZATION), request.getHeader(ProjectContext.HEADER),
                exchange.requestId, Upstreams.AUDIT.equals(service)).onComplete(result -> {
            if (result.failed()) {
                LOG.error("Admission failed", result.cause());
                refuse(ctx, new LoreException(503, "service_unavailable",
                        "The gateway cannot reach its database; try again shortly"));
                return;
            }
            Admission admission = result.result();
            exchange.admission = admission;
            EdgeResponses.rateLimitHeaders(ctx.response().headers(), admission.limit());
            if (!admission.admitted()) {
                refuse(ctx, admission.refusal());
                return;
            }
            Optional<URI> base = upstreams.url(service);
            if (base.isEmpty()) {
                refuse(ctx, new LoreException(503, "service_unavailable",
                        "The " + service + " service is not deployed"));
                return;
            }
            request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + admission.internalToken());
            request.headers().set(ProjectContext.HEADER, admission.caller().project());
            proxy.forward(service, base.get(), request);
        });
    }

    private void refuse(RoutingContext ctx, LoreException error) {
        responses.refuse(ctx.response(), ctx.request().path(), error, Exchange.of(ctx).requestId);
        ctx.request().resume();
    }
}
