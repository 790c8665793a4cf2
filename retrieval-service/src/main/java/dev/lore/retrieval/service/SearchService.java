package dev.lore.retrieval.service;

import dev.lore.common.error.LoreException;
import dev.lore.index.Filter;
import dev.lore.index.IndexHit;
import dev.lore.index.IndexPoint;
import dev.lore.index.SearchRequest;
import dev.lore.index.VectorIndex;
import dev.lore.llm.rerank.RerankException;
import dev.lore.llm.rerank.RerankResult;
import dev.lore.llm.rerank.Reranker;
import dev.lore.llm.rerank.Rerankers;
import dev.lore.retrieval.config.RetrievalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Hybrid search: embed the query with each model the project's chunks use, take each side's top
 * candidates from the index (dense and keyword, both filtered by project first), blend, rerank if
 * asked, threshold, and load the few points returned.
 *
 * <p>The blend is {@code rate · cosine + (1 − rate) · keyword}, with the cosine clipped to [0, 1]
 * and the keyword score the index's normalised BM25 (see {@code LuceneVectorIndex}). Both are
 * absolute, not rescaled per query, so a score means the same from one query to the next and a
 * threshold on it is meaningful.
 */
@ApplicationScoped
public class SearchService {
    private static final Logger LOG = Logger.getLogger(SearchService.class);

    @Inject
    VectorIndex index;
    @Inject
    Embedder embedder;
    @Inject
    Rerankers rerankers;
    @Inject
    RetrievalConfig config;

    private record Candidate(String collection, IndexHit hit, double score) {
    }

    /** Where a search spent its time, for the {@code Server-Timing} header and the benchmark. */
    public static final class Timings {
        public long embedNanos;
        public long indexNanos;
        public long rerankNanos;
        /** Tokens the query embeddings read. */
        public int embedTokens;
    }

    /**
     * Candidates come from one index snapshot and their points are loaded from the next: a version
     * swap or delete committed in between would leave holes (a document briefly missing). Such a
     * search runs again on the newer snapshot, reusing the query vectors.
     */
    private static final int SNAPSHOT_ATTEMPTS = 3;

    public List<ScoredChunk> search(SearchQuery q, Timings timings) {
        Reranker reranker = q.reranker() == null ? null : reranker(q.reranker());
        if (q.filter() instanceof Filter.None) {
            return List.of();
        }
        Map<String, float[]> vectors = new HashMap<>();
        for (int attempt = 1; ; attempt++) {
            List<Candidate> candidates = candidates(q, vectors, timings);
            try {
                boolean last = attempt == SNAPSHOT_ATTEMPTS;
                return reranker == null ? finish(q, candidates, last) : rerank(q, reranker, candidates, timings, last);
            } catch (PointsVanished e) {
                LOG.debugf("Points changed under search (attempt %d); searching again", attempt);
            }
        }
    }

    private List<Candidate> candidates(SearchQuery q, Map<String, float[]> vectors, Timings timings) {
        double rate = q.embeddingRate();
        int perSide = Math.max(config.search().candidates(), q.topK());
        List<Candidate> candidates = new ArrayList<>();
        for (String collection : collections(q.projectId(), q.filter())) {
            if (rate > 0 && !embedder.models().exists(collection)) {
                LOG.warnf("Skipping collection %s: its model is not available here", collection);
                continue;
            }
            // The index asks for the query vector when it needs it, after starting its keyword side.
            Supplier<float[]> vector = rate <= 0 ? null : () -> vectors.computeIfAbsent(collection, c -> {
                long t0 = System.nanoTime();
                float[] v = embedder.query(c, q.text());
                timings.embedTokens += embedder.countTokens(c, q.text());
                timings.embedNanos += System.nanoTime() - t0;
                return v;
            });
            long embedBefore = timings.embedNanos;
            long t0 = System.nanoTime();
            List<IndexHit> hits = index.search(collection, new SearchRequest(q.projectId(), q.filter(), vector,
                    rate < 1 ? q.text() : null, perSide));
            timings.indexNanos += System.nanoTime() - t0 - (timings.embedNanos - embedBefore);
            for (IndexHit h : hits) {
                double dense = h.denseScore() == null ? 0 : Math.max(0, Math.min(1, h.denseScore()));
                double keyword = h.keywordScore() == null ? 0 : h.keywordScore();
                candidates.add(new Candidate(collection, h, rate * dense + (1 - rate) * keyword));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return candidates;
    }

    /** Threshold, cut to top_k, then load just those points. */
    private List<ScoredChunk> finish(SearchQuery q, List<Candidate> ranked, boolean lastAttempt) {
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : ranked) {
            if (kept.size() == q.topK() || c.score() < q.minScore()) {
                break;
            }
            kept.add(c);
        }
        Map<String, IndexPoint> points = load(kept, lastAttempt);
        List<ScoredChunk> out = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Candidate c = kept.get(i);
            IndexPoint p = points.get(c.hit().pointId());
            if (p != null) {
                out.add(new ScoredChunk(p, c.score(), c.hit().denseScore(), c.hit().keywordScore(), i + 1, null, null));
            }
        }
        return out;
    }

    private List<ScoredChunk> rerank(SearchQuery q, Reranker reranker, List<Candidate> ranked, Timings timings,
            boolean lastAttempt) {
        List<Candidate> pool = ranked.subList(0, Math.min(ranked.size(),
                Math.max(q.topK(), config.search().rerankCandidates())));
        Map<String, IndexPoint> points = load(pool, lastAttempt);
        List<Candidate> present = pool.stream().filter(c -> points.containsKey(c.hit().pointId())).toList();
        long t0 = System.nanoTime();
        List<RerankResult> results;
        try {
            results = reranker.rerank(q.text(), present.stream().map(c -> points.get(c.hit().pointId()).content())
                    .toList());
        } catch (RerankException e) {
            throw new LoreException(503, "reranker_unavailable", e.getMessage());
        }
        timings.rerankNanos += System.nanoTime() - t0;
        List<ScoredChunk> out = new ArrayList<>();
        for (RerankResult r : results) {
            if (out.size() == q.topK() || r.score() < q.minScore()) {
                break;
            }
            Candidate c = present.get(r.index());
            out.add(new ScoredChunk(points.get(c.hit().pointId()), r.score(), c.hit().denseScore(),
                    c.hit().keywordScore(), ranked.indexOf(c) + 1, r.score(), out.size() + 1));
        }
        return out;
    }

    /** The candidates' points; a missing one means the index changed since the search. */
    private Map<String, IndexPoint> load(List<Candidate> candidates, boolean lastAttempt) {
        Map<String, List<String>> byCollection = new LinkedHashMap<>();
        candidates.forEach(c -> byCollection.computeIfAbsent(c.collection(), k -> new ArrayList<>())
                .add(c.hit().pointId()));
        Map<String, IndexPoint> out = new HashMap<>();
        byCollection.forEach((collection, ids) -> index.fetch(collection, ids)
                .forEach(p -> out.put(p.pointId(), p)));
        if (out.size() < candidates.size() && !lastAttempt) {
            throw new PointsVanished();
        }
        return out;
    }

    private static final class PointsVanished extends RuntimeException {
        PointsVanished() {
            super(null, null, false, false);
        }
    }

    /**
     * Collections holding any of the project's chunks in scope. With one collection (the usual
     * case) there is nothing to check; with several, each would cost a query embedding.
     */
    private List<String> collections(String projectId, Filter filter) {
        Set<String> all = index.collections();
        if (all.size() <= 1) {
            return List.copyOf(all);
        }
        return all.stream().filter(c -> index.count(c, projectId, filter) > 0).toList();
    }

    /** The configured reranker of that name; an unknown one is a 400 naming it and the configured ones. */
    public Reranker reranker(String name) {
        return rerankers.find(name).orElseThrow(() -> LoreException.badRequest("Reranker '" + name
                + "' is not configured" + (rerankers.names().isEmpty() ? " (none are)"
                : "; configured: " + String.join(", ", rerankers.names())), "rerank_version"));
    }
}
