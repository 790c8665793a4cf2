package dev.lore.gateway.service;

import dev.lore.gateway.repository.ProjectRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The ids of active projects, read on every request to validate the project a caller picks.
 * Cached for two seconds: a project deleted through another replica stops being usable within
 * that, one deleted through this replica at once. Once half of that has passed, the next request
 * starts a re-read in the background and goes on with the cached set, so under steady traffic no
 * request waits for the database.
 */
@ApplicationScoped
public class ProjectDirectory {
    private static final long TTL_NANOS = 2_000_000_000L;

    @Inject
    ProjectRepository projects;
    @Inject
    Vertx vertx;

    private record Snapshot(Set<String> ids, long loadedAt) {
    }

    private volatile Snapshot snapshot;
    /** Bumped by {@link #invalidate}: a read that began before it must not be cached. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    public boolean isActive(String projectId) {
        return activeIds().contains(projectId);
    }

    /** The active ids if loaded within the last two seconds, else null (reading them blocks). */
    public Set<String> cachedActiveIds() {
        Snapshot current = snapshot;
        long age = current == null ? Long.MAX_VALUE : System.nanoTime() - current.loadedAt;
        if (age > TTL_NANOS) {
            return null;
        }
        if (age > TTL_NANOS / 2 && refreshing.compareAndSet(false, true)) {
            vertx.executeBlocking(() -> {
                try {
                    return load();
                } finally {
                    refreshing.set(false);
                }
            }, false);
        }
        return current.ids;
    }

    public Set<String> activeIds() {
        Set<String> ids = cachedActiveIds();
        return ids != null ? ids : load();
    }

    public void invalidate() {
        generation.incrementAndGet();
        snapshot = null;
    }

    private Set<String> load() {
        long before = generation.get();
        long startedAt = System.nanoTime();
        Set<String> ids = QuarkusTransaction.joiningExisting().call(() ->
                projects.active().stream().map(p -> p.id).collect(Collectors.toUnmodifiableSet()));
        if (generation.get() == before) {
            snapshot = new Snapshot(ids, startedAt);
        }
        return ids;
    }
}
