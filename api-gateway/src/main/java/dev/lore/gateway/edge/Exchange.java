package dev.lore.gateway.edge;

import io.vertx.ext.web.RoutingContext;

/**
 * Per-request state the edge keeps for the audit event emitted after the response: the request
 * id, the start time and, once known, the admission (who, which project).
 */
public final class Exchange {
    private static final String KEY = "lore.exchange";

    public final String requestId;
    public final long startNanos;
    public volatile Admission admission;
    /** The service that answered, or was meant to. */
    public volatile String upstream;

    Exchange(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    static Exchange begin(RoutingContext ctx, String requestId) {
        Exchange exchange = new Exchange(requestId, System.nanoTime());
        ctx.put(KEY, exchange);
        return exchange;
    }

    public static Exchange of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
