package dev.lore.gateway.service;

import dev.lore.gateway.repository.ProjectRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ids of active projects, read on every request to validate the project a caller picks.
 * Cached for two seconds: a project deleted through another replica stops being usable within
 * that, one deleted through this replica at once.
 */
@ApplicationScoped
public class ProjectDirectory {
    private static final long TTL_NANOS = 2_000_000_000L;

    @Inject
    ProjectRepository projects;

    private volatile Set<String> active;
    private volatile long loadedAt;

    public boolean isActive(String projectId) {
        return activeIds().contains(projectId);
    }

    /** The active ids if loaded within the last two seconds, else null (reading them blocks). */
    public Set<String> cachedActiveIds() {
        Set<String> snapshot = active;
        return snapshot == null || System.nanoTime() - loadedAt > TTL_NANOS ? null : snapshot;
    }

    public Set<String> activeIds() {
        Set<String> snapshot = cachedActiveIds();
        if (snapshot == null) {
            snapshot = QuarkusTransaction.joiningExisting().call(() ->
                    projects.active().stream().map(p -> p.id).collect(Collectors.toUnmodifiableSet()));
            active = snapshot;
            loadedAt = System.nanoTime();
        }
        return snapshot;
    }

    public void invalidate() {
        active = null;
    }
}
