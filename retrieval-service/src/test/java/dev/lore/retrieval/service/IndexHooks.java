package dev.lore.retrieval.service;

import dev.lore.index.Filter;
import dev.lore.index.IndexHit;
import dev.lore.index.IndexPoint;
import dev.lore.index.SearchRequest;
import dev.lore.index.VectorIndex;
import dev.lore.retrieval.config.RetrievalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configured index, wrapped so a test can act inside it: change it between a search and the
 * loading of its points (the window a concurrent version swap can hit), or fail an upsert with an
 * error the worker does not expect (neither an outage nor a rejection: the kind that makes it
 * replay its batch). Inert unless a test arms it. (A CDI decorator would not apply: the index
 * comes from a producer method.)
 */
public final class IndexHooks implements VectorIndex {
    private static final AtomicReference<Runnable> BEFORE_NEXT_FETCH = new AtomicReference<>();
    private static final AtomicReference<String> FAIL_UPSERT_OF = new AtomicReference<>();

    private final VectorIndex delegate;

    private IndexHooks(VectorIndex delegate) {
        this.delegate = delegate;
    }

    public static void beforeNextFetch(Runnable action) {
        BEFORE_NEXT_FETCH.set(action);
    }

    /** The next upsert of a chunk whose content holds the marker fails, once. */
    public static void failNextUpsertOf(String marker) {
        FAIL_UPSERT_OF.set(marker);
    }

    /** Whether the failure armed by {@link #failNextUpsertOf} has happened. */
    public static boolean upsertFailed() {
        return FAIL_UPSERT_OF.get() == null;
    }

    @ApplicationScoped
    static class Producer {
        @Produces
        @ApplicationScoped
        VectorIndex index(RetrievalConfig config) {
            return new IndexHooks(new IndexProducer().index(config));
        }
    }

    @Override
    public List<IndexPoint> fetch(String collection, List<String> pointIds) {
        Runnable action = BEFORE_NEXT_FETCH.getAndSet(null);
        if (action != null) {
            action.run();
        }
        return delegate.fetch(collection, pointIds);
    }

    @Override
    public void ensureCollection(String collection, int dimension) {
        delegate.ensureCollection(collection, dimension);
    }

    @Override
    public Set<String> collections() {
        return delegate.collections();
    }

    @Override
    public void upsert(String collection, List<IndexPoint> points) {
        String marker = FAIL_UPSERT_OF.get();
        if (marker != null && points.stream().anyMatch(p -> p.content().contains(marker))
                && FAIL_UPSERT_OF.compareAndSet(marker, null)) {
            throw new IllegalStateException("injected index failure");
        }
        delegate.upsert(collection, points);
    }

    @Override
    public void setActive(String projectId, String documentId, boolean active) {
        delegate.setActive(projectId, documentId, active);
    }

    @Override
    public void deleteDocument(String projectId, String documentId) {
        delegate.deleteDocument(projectId, documentId);
    }

    @Override
    public void retireVersions(String projectId, String documentId, int version) {
        delegate.retireVersions(projectId, documentId, version);
    }

    @Override
    public long count(String collection, String projectId, Filter filter) {
        return delegate.count(collection, projectId, filter);
    }

    @Override
    public List<IndexHit> search(String collection, SearchRequest request) {
        return delegate.search(collection, request);
    }

    @Override
    public void commit() {
        delegate.commit();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
