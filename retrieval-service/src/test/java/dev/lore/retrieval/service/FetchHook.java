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
 * The configured index, wrapped so a test can change it between a search and the loading of its
 * points: the window a concurrent version swap can hit. Inert unless a test arms it. (A CDI
 * decorator would not apply: the index comes from a producer method.)
 */
public final class FetchHook implements VectorIndex {
    private static final AtomicReference<Runnable> BEFORE_NEXT_FETCH = new AtomicReference<>();

    private final VectorIndex delegate;

    private FetchHook(VectorIndex delegate) {
        this.delegate = delegate;
    }

    public static void beforeNextFetch(Runnable action) {
        BEFORE_NEXT_FETCH.set(action);
    }

    @ApplicationScoped
    static class Producer {
        @Produces
        @ApplicationScoped
        VectorIndex index(RetrievalConfig config) {
            return new FetchHook(new IndexProducer().index(config));
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
