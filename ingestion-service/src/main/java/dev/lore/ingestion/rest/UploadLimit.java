package dev.lore.ingestion.rest;

import dev.lore.common.error.ApiError;
import dev.lore.ingestion.config.IngestionConfig;
import dev.lore.ingestion.service.DocumentService;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses an upload whose declared length is over the limit before reading a byte of it, with a
 * 413 in the API envelope (the HTTP layer's own hard cap would answer without one).
 */
public class UploadLimit {
    /** Room for the multipart boundaries and form fields around the file. */
    private static final long MULTIPART_OVERHEAD = 1024 * 1024;

    @Inject
    IngestionConfig config;

    void install(@Observes Router router) {
        long limit = config.ingestion().maxUploadSize().asLongValue();
        router.post("/v1/documents").order(-100).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && parse(length) > limit + MULTIPART_OVERHEAD) {
                var e = DocumentService.tooLarge(limit);
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(ApiError.of(413, e.code(), e.getMessage(), e.param())));
                return;
            }
            ctx.next();
        });
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
