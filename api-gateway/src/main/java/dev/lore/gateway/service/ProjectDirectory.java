package dev.lore.gateway.service;

import dev.lore.gateway.repository.ProjectRepository;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The ids of active projects, read on every request to validate the project a caller picks.
 * Cached for two seconds: a project deleted through another replica stops being usable within
 * that, one deleted through this replica at once.
 *
 * <p>While requests read it, a timer re-reads the set in the background every second, so under
 * traffic, steady or bursty, no request waits for the database. After a minute without requests
 * the timer stops reading; the first request after that reads the set once, and the requests that
 * arrive meanwhile share that read.
 */
@ApplicationScoped
public class ProjectDirectory {
    static final long TTL_NANOS = 2_000_000_000L;
    private static final long KEEP_WARM_NANOS = 60_000_000_000L;

    private final Supplier<Set<String>> source;
    private final Vertx vertx;
    /** Null outside a container (unit tests): {@link #invalidate} then acts at once. */
    private final TransactionSynchronizationRegistry transactions;

    private record Snapshot(Set<String> ids, long loadedAt) {
    }

    private volatile Snapshot snapshot;
    private volatile long lastReadAt = System.nanoTime() - KEEP_WARM_NANOS;
    /** Bumped by {@link #invalidate}: a read that began before it must not be cached. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final Object loading = new Object();

    @Inject
    ProjectDirectory(ProjectRepository projects, Vertx vertx, TransactionSynchronizationRegistry transactions) {
        this(() -> Set.copyOf(projects.activeIds()), vertx, transactions);
    }

    /** @param source reads the active ids; blocking */
    ProjectDirectory(Supplier<Set<String>> source, Vertx vertx, TransactionSynchronizationRegistry transactions) {
        this.source = source;
        this.vertx = vertx;
        this.transactions = transactions;
    }

    void keepWarm(@Observes StartupEvent event) {
        vertx.setPeriodic(TTL_NANOS / 2_000_000, id -> refreshIfInUse());
    }

    public boolean isActive(String projectId) {
        return activeIds().contains(projectId);
    }

    /** The active ids if loaded within the last two seconds, else null (reading them blocks). */
    public Set<String> cachedActiveIds() {
        long now = System.nanoTime();
        if (now - lastReadAt > 100_000_000L) {
            lastReadAt = now; // at most one write per 100 ms: this runs on every request
        }
        Snapshot current = snapshot;
        return current == null || now - current.loadedAt > TTL_NANOS ? null : current.ids;
    }

    /** The active ids, read from the database when the cached set is too old; blocking. */
    public Set<String> activeIds() {
        Set<String> ids = cachedActiveIds();
        if (ids != null) {
            return ids;
        }
        synchronized (loading) {
            ids = cachedActiveIds();
            return ids != null ? ids : load();
        }
    }

    /**
     * Forgets the cached ids; called inside the transaction that changes a project, it acts once
     * that transaction has ended: a re-read between the call and the commit (the timer's, or a
     * request's) would cache the set without the change, and a key for a project created a
     * moment before was refused as "does not exist".
     */
    public void invalidate() {
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    forget();
                }
            });
        } else {
            forget();
        }
    }

    private void forget() {
        generation.incrementAndGet();
        snapshot = null;
    }

    /** The timer's work: a background re-read while the set is in use. */
    void refreshIfInUse() {
        if (System.nanoTime() - lastReadAt < KEEP_WARM_NANOS && refreshing.compareAndSet(false, true)) {
            vertx.executeBlocking(() -> {
                try {
                    return load();
                } finally {
                    refreshing.set(false);
                }
            }, false);
        }
    }

    private Set<String> load() {
        long before = generation.get();
        long startedAt = System.nanoTime();
        Set<String> ids = source.get();
        if (generation.get() == before) {
            snapshot = new Snapshot(ids, startedAt);
        }
        return ids;
    }
}
