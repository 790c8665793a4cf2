package dev.lore.ingestion.service;

import dev.lore.ingestion.config.IngestionConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The project a request acts in. Until the gateway mints internal tokens, it is the
 * {@code X-Project-Id} header or the deployment's default project; every query is scoped by it.
 */
@RequestScoped
public class ProjectContext {
    public static final String HEADER = "X-Project-Id";

    @Inject
    HttpServerRequest request;
    @Inject
    IngestionConfig config;

    public String projectId() {
        String header = request.getHeader(HEADER);
        return header == null || header.isBlank() ? config.defaultProject() : header.trim();
    }
}
