package dev.lore.common.project;

import dev.lore.common.auth.CallerContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The project a request acts in: the one the gateway chose (from {@code X-Project-Id}, or the
 * key's default) and signed into the internal token. Every query is scoped by it.
 */
@RequestScoped
public class ProjectContext {
    public static final String HEADER = "X-Project-Id";

    @Inject
    CallerContext caller;

    public String projectId() {
        return caller.caller().project();
    }
}
