package dev.lore.index.lucene;

import dev.lore.index.Filter;
import dev.lore.index.IndexHit;
import dev.lore.index.IndexPoint;
import dev.lore.index.SearchRequest;
import dev.lore.index.TextAnalysis;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

/** One embedding model's Lucene index: its writer, its near-real-time searcher, its searches. */
final class LuceneCollection implements Closeable {
    private static final java.util.Set<String> POINT_ID_ONLY = java.util.Set.of(Fields.POINT_ID);

    private final String name;
    private final int dimension;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Executor searchThreads;

    /**
     * Each large segment is its own slice, so one query's HNSW and BM25 searches run on several
     * cores, sharing the competitive bound across segments; small segments are grouped.
     */
    private static final int SLICE_DOCS = 20_000;
    private static final int SLICE_SEGMENTS = 8;

    private LuceneCollection(String name, int dimension, Path dir, Executor searchThreads) throws IOException {
        this.name = name;
        this.dimension = dimension;
        this.searchThreads = searchThreads;
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(TextAnalysis.ANALYZER)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(64);
        this.writer = new IndexWriter(directory, config);
        this.searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
                return new IndexSearcher(reader, searchThreads) {
                    @Override
                    protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
                        return slices(leaves, SLICE_DOCS, SLICE_SEGMENTS, false);
                    }
                };
            }
        });
    }

    static LuceneCollection create(String name, int dimension, Path dir, Path marker, Executor searchThreads)
            throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("collection", name);
        p.setProperty("dimension", Integer.toString(dimension));
        try (Writer w = Files.newBufferedWriter(marker)) {
            p.store(w, "Lore vector index collection");
        }
        return new LuceneCollection(name, dimension, dir, searchThreads);
    }

    static LuceneCollection open(Path dir, Path marker, Executor searchThreads) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(marker)) {
            p.load(r);
        }
        return new LuceneCollection(p.getProperty("collection"), Integer.parseInt(p.getProperty("dimension")), dir,
                searchThreads);
    }

    String name() {
        return name;
    }

    int dimension() {
        return dimension;
    }

    IndexWriter writer() {
        return writer;
    }

    /** Sets a per-document flag on every version of the document. */
    void updateFlag(String projectId, String documentId, String field, boolean value) throws IOException {
        // Updating a doc-values field the index has never seen is an error, and an empty
        // collection has nothing to update anyway.
        if (writer.getFieldNames().contains(field)) {
            writer.updateNumericDocValue(new Term(Fields.DOC_KEY, Fields.docKey(projectId, documentId)), field,
                    value ? 1 : 0);
        }
    }

    void commit() throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.commit();
        }
        searchers.maybeRefreshBlocking();
    }

    long count(String projectId, Filter filter) {
        return withSearcher(s -> (long) s.count(Fields.scope(projectId, filter)));
    }

    /** @param exactUpTo projects of at most this many points (deleted ones included) are searched exactly */
    List<IndexHit> search(SearchRequest request, int exactUpTo) {
        return withSearcher(s -> {
            Query scope = Fields.scope(request.projectId(), request.filter());
            boolean dense = request.vector() != null;
            Query keyword = request.text() == null ? null : keywordQuery(request.text());
            Query scoped = keyword == null ? null
                    : new BooleanQuery.Builder().add(keyword, Occur.MUST).add(scope, Occur.FILTER).build();
            // A hybrid search runs its keyword side on the search pool while this thread gets the
            // query embedding (the model, when it still has to run) and walks the graph: with a core
            // free, the sides take the longer one's time, not their sum.
            CompletableFuture<TopDocs> keywordTop = scoped == null ? null : !dense
                    ? CompletableFuture.completedFuture(keywordTop(s, scoped, request.candidates()))
                    : CompletableFuture.supplyAsync(() -> keywordTop(s, scoped, request.candidates()), searchThreads);
            try {
                float[] vector = dense ? VectorUtil.l2normalize(request.vector().get().clone(), false) : null;
                Map<Integer, double[]> scores = new LinkedHashMap<>();
                if (vector != null) {
                    boolean small = s.getIndexReader().docFreq(new Term(Fields.PROJECT_ID, request.projectId()))
                            <= exactUpTo;
                    TopDocs nearest = small
                            ? exactDense(s, vector, scope, request.candidates())
                            : s.search(new KnnFloatVectorQuery(Fields.VECTOR, vector, request.candidates(), scope),
                                    request.candidates());
                    for (ScoreDoc d : nearest.scoreDocs) {
                        // DOT_PRODUCT scores are (1 + cos) / 2.
                        scores.put(d.doc, new double[] {2.0 * d.score - 1.0, Double.NaN});
                    }
                }
                if (keyword != null) {
                    double bound = keywordBound(s.getIndexReader(), keyword);
                    for (ScoreDoc d : joined(keywordTop).scoreDocs) {
                        scores.computeIfAbsent(d.doc, k -> new double[] {Double.NaN, Double.NaN})[1] =
                                normalise(d.score, bound);
                    }
                    if (vector != null) {
                        fillKeywordScores(s, keyword, bound, scores);
                    }
                }
                if (vector != null && keyword != null) {
                    fillDenseScores(s, vector, scores);
                }
                Map<Integer, String> pointIds = pointIds(s, scores.keySet());
                List<IndexHit> hits = new ArrayList<>(scores.size());
                for (Map.Entry<Integer, double[]> e : scores.entrySet()) {
                    String pointId = pointIds.get(e.getKey());
                    double[] v = e.getValue();
                    // Text that analyses to nothing (only stop words) asks for keywords and matches none.
                    Double kw = request.text() == null ? null : keyword == null ? 0.0 : v[1];
                    hits.add(new IndexHit(pointId, vector == null ? null : v[0], kw));
                }
                return hits;
            } finally {
                if (keywordTop != null) {
                    // Never leave the keyword side running on a searcher released after a failure.
                    keywordTop.handle((top, failure) -> null).join();
                }
            }
        });
    }

    /**
     * Point ids looked up in each segment's term dictionary: a handful of seeks, where a query per
     * id would fan out to the search pool once per segment.
     */
    List<IndexPoint> fetch(List<String> pointIds) {
        return withSearcher(s -> {
            Map<String, IndexPoint> found = new HashMap<>(pointIds.size() * 2);
            StoredFields stored = s.storedFields();
            PostingsEnum postings = null;
            for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(Fields.POINT_ID);
                if (terms == null) {
                    continue;
                }
                TermsEnum te = terms.iterator();
                Bits live = leaf.reader().getLiveDocs();
                for (String id : pointIds) {
                    if (found.containsKey(id) || !te.seekExact(new BytesRef(id))) {
                        continue;
                    }
                    postings = te.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            found.put(id, Fields.point(stored.document(leaf.docBase + doc)));
                            break;
                        }
                    }
                }
            }
            List<IndexPoint> out = new ArrayList<>(found.size());
            for (String id : pointIds) {
                IndexPoint p = found.get(id);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        });
    }

    /** The point ids of these documents, from doc values where the segment has them. */
    private static Map<Integer, String> pointIds(IndexSearcher s, Collection<Integer> docs) throws IOException {
        int[] sorted = docs.stream().mapToInt(Integer::intValue).sorted().toArray();
        Map<Integer, String> out = new HashMap<>(sorted.length * 2);
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        StoredFields stored = null;
        BinaryDocValues values = null;
        int leafIndex = -1;
        for (int doc : sorted) {
            int li = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(li);
            if (li != leafIndex) {
                leafIndex = li;
                values = leaf.reader().getBinaryDocValues(Fields.POINT_ID_VALUE);
            }
            if (values != null && values.advanceExact(doc - leaf.docBase)) {
                out.put(doc, values.binaryValue().utf8ToString());
            } else {
                stored = stored == null ? s.storedFields() : stored;
                out.put(doc, stored.document(doc, POINT_ID_ONLY).get(Fields.POINT_ID));
            }
        }
        return out;
    }

    private static TopDocs keywordTop(IndexSearcher s, Query scoped, int candidates) {
        try {
            // Counting hits only up to the candidate count lets BM25 skip blocks that cannot
            // enter the top (block-max WAND) instead of scoring the first thousand matches.
            return s.search(scoped, new TopScoreDocCollectorManager(candidates, null, candidates));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TopDocs joined(CompletableFuture<TopDocs> side) throws IOException {
        try {
            return side.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Query terms as SHOULD clauses, a repeated term weighing more (as BM25 query term frequency). */
    private static Query keywordQuery(String text) {
        Map<String, Integer> terms = TextAnalysis.termFrequencies(text);
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        terms.forEach((term, freq) -> {
            Query q = new TermQuery(new Term(Fields.TEXT, term));
            b.add(freq == 1 ? q : new BoostQuery(q, freq), Occur.SHOULD);
        });
        return b.build();
    }

    /** The highest BM25 score the query could reach: Σ boost · idf over its terms. */
    private static double keywordBound(IndexReader reader, Query keyword) throws IOException {
        long docCount = Math.max(reader.getDocCount(Fields.TEXT), 1);
        double bound = 0;
        for (var clause : ((BooleanQuery) keyword).clauses()) {
            Query q = clause.query();
            float boost = 1f;
            if (q instanceof BoostQuery bq) {
                boost = bq.getBoost();
                q = bq.getQuery();
            }
            long df = reader.docFreq(((TermQuery) q).getTerm());
            bound += boost * Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
        }
        return bound;
    }

    /** BM25 as a share of the query's highest possible score: in [0, 1), in BM25's order. */
    private static double normalise(double bm25, double bound) {
        return bound <= 0 ? 0 : Math.min(1.0, bm25 / bound);
    }

    /** Keyword scores of hits the keyword side did not return (0 when they hold no query term). */
    private static void fillKeywordScores(IndexSearcher s, Query keyword, double bound, Map<Integer, double[]> scores)
            throws IOException {
        int[] docs = missing(scores, 1);
        if (docs.length == 0) {
            return;
        }
        Weight weight = s.createWeight(s.rewrite(keyword), ScoreMode.COMPLETE, 1f);
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        Scorer scorer = null;
        int leafIndex = -1;
        for (int doc : docs) {
            int li = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(li);
            if (li != leafIndex) {
                leafIndex = li;
                scorer = weight.scorer(leaf);
            }
            int target = doc - leaf.docBase;
            double score = 0;
            if (scorer != null) {
                int at = scorer.docID() < target ? scorer.iterator().advance(target) : scorer.docID();
                if (at == target) {
                    score = scorer.score();
                }
            }
            scores.get(doc)[1] = normalise(score, bound);
        }
    }

    /** Exact cosine of hits the dense side did not return, read from the stored vectors. */
    private void fillDenseScores(IndexSearcher s, float[] vector, Map<Integer, double[]> scores) throws IOException {
        int[] docs = missing(scores, 0);
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        FloatVectorValues values = null;
        KnnVectorValues.DocIndexIterator it = null;
        int leafIndex = -1;
        for (int doc : docs) {
            int li = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext leaf = leaves.get(li);
            if (li != leafIndex) {
                leafIndex = li;
                values = leaf.reader().getFloatVectorValues(Fields.VECTOR);
                it = values == null ? null : values.iterator();
            }
            int target = doc - leaf.docBase;
            double cosine = 0;
            if (it != null) {
                int at = it.docID() < target ? it.advance(target) : it.docID();
                if (at == target) {
                    cosine = VectorUtil.dotProduct(vector, values.vectorValue(it.index()));
                }
            }
            scores.get(doc)[0] = cosine;
        }
    }

    /**
     * The dense side by brute force over the scope: exact, and about as fast as the graph for a
     * project of a few thousand points, where HNSW was measured to miss neighbours on some builds.
     * Scores as the KNN query's: (1 + cos) / 2.
     */
    private static TopDocs exactDense(IndexSearcher s, float[] vector, Query scope, int k) throws IOException {
        PriorityQueue<ScoreDoc> top = new PriorityQueue<>(k + 1,
                Comparator.<ScoreDoc>comparingDouble(d -> d.score).thenComparing(d -> -d.doc));
        Weight weight = s.createWeight(s.rewrite(scope), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(Fields.VECTOR);
            Scorer scorer = values == null ? null : weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            KnnVectorValues.DocIndexIterator it = values.iterator();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                int at = it.docID() < doc ? it.advance(doc) : it.docID();
                if (at != doc) {
                    continue;
                }
                float score = (1 + VectorUtil.dotProduct(vector, values.vectorValue(it.index()))) / 2;
                if (top.size() < k) {
                    top.add(new ScoreDoc(leaf.docBase + doc, score));
                } else if (score > top.peek().score) {
                    top.poll();
                    top.add(new ScoreDoc(leaf.docBase + doc, score));
                }
            }
        }
        ScoreDoc[] hits = new ScoreDoc[top.size()];
        for (int i = hits.length - 1; i >= 0; i--) {
            hits[i] = top.poll();
        }
        return new TopDocs(new TotalHits(hits.length, TotalHits.Relation.EQUAL_TO), hits);
    }

    /** Doc ids whose score at {@code slot} is unknown, ascending (iterators only move forward). */
    private static int[] missing(Map<Integer, double[]> scores, int slot) {
        return scores.entrySet().stream().filter(e -> Double.isNaN(e.getValue()[slot]))
                .mapToInt(Map.Entry::getKey).sorted().toArray();
    }

    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherFunction<T> f) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return f.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Search failed in collection " + name, e);
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
