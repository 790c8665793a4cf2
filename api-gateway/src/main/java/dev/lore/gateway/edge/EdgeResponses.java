package dev.lore.gateway.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.error.ErrorSurface;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.limit.RateLimiter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Errors the edge answers itself, in the envelope of the surface the path belongs to. */
@ApplicationScoped
public class EdgeResponses {

    @Inject
    ObjectMapper json;

    public byte[] body(String path, int status, String code, String message, String requestId) {
        try {
            return json.writeValueAsBytes(ErrorSurface.of(path).body(status, code, message, null, requestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void refuse(HttpServerResponse response, String path, LoreException error, String requestId) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(body(path, error.status(), error.code(), error.getMessage(),
                        requestId)));
    }

    /** {@code x-ratelimit-*}, and {@code Retry-After} on a refusal. */
    public static void rateLimitHeaders(MultiMap headers, RateLimiter.Decision limit) {
        if (limit == null) {
            return;
        }
        headers.set("x-ratelimit-limit", Integer.toString(limit.limit()));
        headers.set("x-ratelimit-remaining", Integer.toString(limit.remaining()));
        headers.set("x-ratelimit-reset", Long.toString(limit.resetSeconds()));
        if (!limit.allowed()) {
            headers.set("Retry-After", Long.toString(limit.retryAfterSeconds()));
        }
    }
}
