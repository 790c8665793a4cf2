package dev.lore.common.project;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The project a request acts in. Until the gateway mints internal tokens, it is the
 * {@code X-Project-Id} header or the deployment's default project ({@code lore.default-project});
 * every query is scoped by it.
 */
@RequestScoped
public class ProjectContext {
    public static final String HEADER = "X-Project-Id";

    @Inject
    HttpServerRequest request;
    @ConfigProperty(name = "lore.default-project", defaultValue = "default")
    String defaultProject;

    public String projectId() {
        String header = request.getHeader(HEADER);
        return header == null || header.isBlank() ? defaultProject : header.trim();
    }
}
