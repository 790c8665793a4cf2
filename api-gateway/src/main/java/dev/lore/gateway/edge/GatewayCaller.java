package dev.lore.gateway.edge;

import dev.lore.gateway.identity.Principal;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The admitted principal of a request to one of the gateway's own endpoints. */
@RequestScoped
public class GatewayCaller {

    @Inject
    RoutingContext ctx;

    public Principal principal() {
        Exchange exchange = Exchange.of(ctx);
        if (exchange == null || exchange.admission == null || !exchange.admission.admitted()) {
            throw new IllegalStateException("request was not admitted by EdgeAuthFilter");
        }
        return exchange.admission.principal();
    }
}
