package dev.lore.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link VectorIndex} adapter must have. Subclasses say how to open one; the
 * vectors here are tiny and hand-made so each expectation can be worked out by hand.
 */
public abstract class VectorIndexContract {
    protected static final String MODEL = "test/model-4d";
    private static final String P1 = "project-one";
    private static final String P2 = "project-two";
    private static final String KB1 = UUID.randomUUID().toString();
    private static final String KB2 = UUID.randomUUID().toString();

    @TempDir
    protected Path dir;
    protected VectorIndex index;

    /** Opens the adapter on the directory; called again on the same directory to test reopening. */
    protected abstract VectorIndex open(Path dir) throws Exception;

    @BeforeEach
    void openIndex() throws Exception {
        index = open(dir);
        index.ensureCollection(MODEL, 4);
    }

    @AfterEach
    void closeIndex() throws Exception {
        index.close();
    }

    // ---------------------------------------------------------------- fixtures

    private int ordinal;

    protected IndexPoint point(String project, String kb, String doc, int version, String content, float[] vector,
                               Map<String, Object> metadata) {
        int ord = ordinal++;
        return new IndexPoint(UUID.nameUUIDFromBytes((doc + "/" + version + "/" + ord).getBytes()).toString(),
                project, kb, doc, version, ord, doc + ".md", content, "Title " + ord, "text", ord + 1, metadata,
                true, version == 1, 1_700_000_000_000L + ord, vector);
    }

    private IndexPoint point(String doc, String content, float[] vector) {
        return point(P1, KB1, doc, 1, content, vector, Map.of());
    }

    private void put(IndexPoint... points) {
        index.upsert(MODEL, List.of(points));
        index.commit();
    }

    private List<IndexHit> dense(String project, Filter filter, float... vector) {
        return sorted(index.search(MODEL, SearchRequest.of(project, filter, vector, null, 10)), true);
    }

    private List<IndexHit> keyword(String project, Filter filter, String text) {
        return sorted(index.search(MODEL, SearchRequest.of(project, filter, null, text, 10)), false);
    }

    private static List<IndexHit> sorted(List<IndexHit> hits, boolean byDense) {
        List<IndexHit> out = new ArrayList<>(hits);
        out.sort(Comparator.comparingDouble((IndexHit h) -> byDense ? h.denseScore() : h.keywordScore()).reversed());
        return out;
    }

    private static Set<String> ids(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::pointId).collect(Collectors.toSet());
    }

    private static String doc() {
        return UUID.randomUUID().toString();
    }

    // ---------------------------------------------------------------- dense

    @Test
    void denseSearchRanksByCosine() {
        IndexPoint a = point(doc(), "alpha", new float[] {1, 0, 0, 0});
        IndexPoint b = point(doc(), "beta", new float[] {0.8f, 0.6f, 0, 0});
        IndexPoint c = point(doc(), "gamma", new float[] {0, 0, 1, 0});
        put(a, b, c);

        List<IndexHit> hits = dense(P1, Filter.all(), 1, 0, 0, 0);

        assertEquals(List.of(a.pointId(), b.pointId(), c.pointId()), hits.stream().map(IndexHit::pointId).toList());
        assertEquals(1.0, hits.get(0).denseScore(), 1e-4);
        assertEquals(0.8, hits.get(1).denseScore(), 1e-4);
        assertEquals(0.0, hits.get(2).denseScore(), 1e-4);
        assertNull(hits.get(0).keywordScore(), "keyword score is not computed for a dense-only search");
    }

    @Test
    void vectorsAreNormalisedSoScoresAreCosines() {
        IndexPoint a = point(doc(), "alpha", new float[] {3, 4, 0, 0});
        put(a);
        assertEquals(0.6, dense(P1, Filter.all(), 2, 0, 0, 0).get(0).denseScore(), 1e-4);
    }

    @Test
    void upsertIsIdempotentByPointId() {
        IndexPoint a = point(doc(), "first text", new float[] {1, 0, 0, 0});
        put(a);
        IndexPoint replaced = new IndexPoint(a.pointId(), a.projectId(), a.knowledgeBaseId(), a.documentId(),
                a.version(), a.ordinal(), a.documentName(), "second text", a.title(), a.chunkType(), a.page(),
                a.metadata(), true, true, a.updatedAt(), new float[] {0, 1, 0, 0});
        put(replaced);
        put(replaced);

        assertEquals(1, index.count(MODEL, P1, Filter.all()));
        assertEquals("second text", index.fetch(MODEL, List.of(a.pointId())).get(0).content());
        assertEquals(1.0, dense(P1, Filter.all(), 0, 1, 0, 0).get(0).denseScore(), 1e-4);
    }

    @Test
    void everySearchIsScopedToItsProject() {
        IndexPoint mine = point(P1, KB1, doc(), 1, "shared words", new float[] {1, 0, 0, 0}, Map.of());
        IndexPoint theirs = point(P2, KB1, doc(), 1, "shared words", new float[] {1, 0, 0, 0}, Map.of());
        put(mine, theirs);

        assertEquals(Set.of(mine.pointId()), ids(dense(P1, Filter.all(), 1, 0, 0, 0)));
        assertEquals(Set.of(theirs.pointId()), ids(keyword(P2, Filter.all(), "shared")));
        assertEquals(1, index.count(MODEL, P1, Filter.all()));
        assertEquals(0, index.count(MODEL, "project-three", Filter.all()));
    }

    @Test
    void missingCollectionIsEmpty() {
        assertTrue(index.search("no/such-model", SearchRequest.of(P1, Filter.all(), new float[] {1, 0, 0, 0},
                "x", 10)).isEmpty());
        assertEquals(0, index.count("no/such-model", P1, Filter.all()));
        assertTrue(index.collections().contains(MODEL));
        assertTrue(!index.collections().contains("no/such-model"));
    }

    // ---------------------------------------------------------------- keyword

    @Test
    void keywordSearchStemsEnglish() {
        IndexPoint runs = point(doc(), "The athlete runs every morning in new shoes.", new float[] {1, 0, 0, 0});
        IndexPoint other = point(doc(), "A quiet library with old books.", new float[] {1, 0, 0, 0});
        put(runs, other);

        List<IndexHit> hits = keyword(P1, Filter.all(), "running shoe");
        assertEquals(Set.of(runs.pointId()), ids(hits));
        assertNull(hits.get(0).denseScore(), "dense score is not computed for a keyword-only search");
    }

    @Test
    void keywordSearchSegmentsChinese() {
        IndexPoint db = point(doc(), "向量数据库支持混合检索和关键词检索。", new float[] {1, 0, 0, 0});
        IndexPoint math = point(doc(), "这是一本数学课本。", new float[] {1, 0, 0, 0});
        put(db, math);

        assertEquals(Set.of(db.pointId()), ids(keyword(P1, Filter.all(), "数据库")));
        assertEquals(Set.of(math.pointId()), ids(keyword(P1, Filter.all(), "数学")));
        // Full-width Latin letters fold to ASCII, like any other text.
        IndexPoint api = point(doc(), "The ＡＰＩ gateway", new float[] {1, 0, 0, 0});
        put(api);
        assertEquals(Set.of(api.pointId()), ids(keyword(P1, Filter.all(), "api")));
    }

    @Test
    void keywordScoresAreInUnitRangeAndRewardCoverage() {
        IndexPoint both = point(doc(), "solar panels convert sunlight into electricity", new float[] {1, 0, 0, 0});
        IndexPoint one = point(doc(), "wind turbines make electricity", new float[] {1, 0, 0, 0});
        IndexPoint none = point(doc(), "a recipe for bread", new float[] {1, 0, 0, 0});
        put(both, one, none);

        List<IndexHit> hits = keyword(P1, Filter.all(), "solar electricity");
        assertEquals(List.of(both.pointId(), one.pointId()), hits.stream().map(IndexHit::pointId).toList());
        for (IndexHit h : hits) {
            assertTrue(h.keywordScore() > 0 && h.keywordScore() <= 1, "score in (0,1]: " + h.keywordScore());
        }
        assertTrue(hits.get(0).keywordScore() > hits.get(1).keywordScore());
        // Only stop words: asks for keywords, finds nothing.
        assertTrue(keyword(P1, Filter.all(), "the of and").isEmpty());
    }

    @Test
    void keywordScoresKeepBm25sOrderForStrongMatches() {
        // Short chunks that repeat a one-word query match it strongly; a clipped score would tie them.
        IndexPoint thrice = point(doc(), "solar solar solar", new float[] {1, 0, 0, 0});
        IndexPoint twice = point(doc(), "solar solar", new float[] {1, 0, 0, 0});
        IndexPoint once = point(doc(), "solar", new float[] {1, 0, 0, 0});
        IndexPoint diluted = point(doc(), "solar power for the farm and the house", new float[] {1, 0, 0, 0});
        put(thrice, twice, once, diluted);

        List<IndexHit> hits = keyword(P1, Filter.all(), "solar");
        assertEquals(List.of(thrice.pointId(), twice.pointId(), once.pointId(), diluted.pointId()),
                hits.stream().map(IndexHit::pointId).toList());
        for (int i = 1; i < hits.size(); i++) {
            assertTrue(hits.get(i - 1).keywordScore() > hits.get(i).keywordScore(), "strictly ordered: " + hits);
            assertTrue(hits.get(i - 1).keywordScore() < 1, "below 1: " + hits);
        }
    }

    @Test
    void hybridSearchReturnsTheUnionWithBothScores() {
        // Dense prefers `near`; keywords prefer `words`.
        IndexPoint near = point(doc(), "nothing relevant here", new float[] {1, 0, 0, 0});
        IndexPoint words = point(doc(), "photosynthesis in chloroplasts", new float[] {0, 1, 0, 0});
        put(near, words);

        List<IndexHit> hits = index.search(MODEL, SearchRequest.of(P1, Filter.all(), new float[] {1, 0, 0, 0},
                "photosynthesis", 1));
        assertEquals(Set.of(near.pointId(), words.pointId()), ids(hits));
        Map<String, IndexHit> byId = hits.stream().collect(Collectors.toMap(IndexHit::pointId, h -> h));
        assertEquals(1.0, byId.get(near.pointId()).denseScore(), 1e-4);
        assertEquals(0.0, byId.get(near.pointId()).keywordScore(), 1e-9);
        assertEquals(0.0, byId.get(words.pointId()).denseScore(), 1e-4);
        assertTrue(byId.get(words.pointId()).keywordScore() > 0);
    }

    @Test
    void aHybridSearchAsksForTheQueryVectorOnceAndFromTheCallingThread() {
        IndexPoint near = point(doc(), "nothing relevant here", new float[] {1, 0, 0, 0});
        IndexPoint words = point(doc(), "photosynthesis in chloroplasts", new float[] {0, 1, 0, 0});
        put(near, words);
        List<Thread> askedOn = new java.util.concurrent.CopyOnWriteArrayList<>();

        List<IndexHit> hits = index.search(MODEL, new SearchRequest(P1, Filter.all(), () -> {
            askedOn.add(Thread.currentThread());
            return new float[] {1, 0, 0, 0};
        }, "photosynthesis", 1));
        // The model runs where the request runs (its thread's context, its timing), exactly once.
        assertEquals(List.of(Thread.currentThread()), askedOn);
        assertEquals(Set.of(near.pointId(), words.pointId()), ids(hits));
    }

    @Test
    void aQueryEmbeddingThatFailsFailsTheSearchAndNothingElse() {
        IndexPoint words = point(doc(), "photosynthesis in chloroplasts", new float[] {0, 1, 0, 0});
        put(words);
        IllegalStateException modelDown = new IllegalStateException("model unavailable");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> index.search(MODEL,
                new SearchRequest(P1, Filter.all(), () -> {
                    throw modelDown;
                }, "photosynthesis", 10)));
        assertSame(modelDown, thrown);
        assertEquals(Set.of(words.pointId()), ids(keyword(P1, Filter.all(), "photosynthesis")));
    }

    // ---------------------------------------------------------------- filters

    @Test
    void filtersOnIdsNamesAndMetadata() {
        String d1 = doc();
        String d2 = doc();
        IndexPoint a = point(P1, KB1, d1, 1, "alpha", new float[] {1, 0, 0, 0},
                Map.of("team", "support", "year", 2023, "tags", List.of("faq", "billing"), "public", true));
        IndexPoint b = point(P1, KB2, d2, 1, "beta", new float[] {1, 0, 0, 0},
                Map.of("team", "sales", "year", 2025.5, "public", false));
        IndexPoint c = point(P1, KB2, doc(), 1, "gamma", new float[] {1, 0, 0, 0}, Map.of());
        put(a, b, c);

        assertEquals(Set.of(a.pointId()), ids(dense(P1, Filter.anyOf(Filter.KB_ID, List.of(KB1)), 1, 0, 0, 0)));
        assertEquals(Set.of(a.pointId(), b.pointId()),
                ids(dense(P1, Filter.anyOf(Filter.DOCUMENT_ID, List.of(d1, d2)), 1, 0, 0, 0)));
        assertEquals(Set.of(b.pointId()),
                ids(dense(P1, Filter.anyOf(Filter.DOCUMENT_NAME, List.of(d2 + ".md")), 1, 0, 0, 0)));
        assertEquals(Set.of(a.pointId()), ids(dense(P1, Filter.anyOf("meta.team", List.of("support")), 1, 0, 0, 0)));
        assertEquals(Set.of(a.pointId()), ids(dense(P1, Filter.anyOf("meta.tags", List.of("billing")), 1, 0, 0, 0)));
        assertEquals(Set.of(a.pointId()), ids(dense(P1, Filter.anyOf("meta.year", List.of(2023.0)), 1, 0, 0, 0)));
        assertEquals(Set.of(b.pointId()), ids(dense(P1, Filter.anyOf("meta.public", List.of(false)), 1, 0, 0, 0)));
        assertEquals(Set.of(b.pointId(), c.pointId()),
                ids(dense(P1, Filter.not(Filter.anyOf("meta.team", List.of("support"))), 1, 0, 0, 0)));
        assertEquals(Set.of(), ids(dense(P1, Filter.anyOf("meta.team", List.of()), 1, 0, 0, 0)));
        assertEquals(3, ids(dense(P1, Filter.all(), 1, 0, 0, 0)).size());

        Filter from2024 = new Filter.Range("meta.year", null, 2024.0, null, null, false);
        assertEquals(Set.of(b.pointId()), ids(dense(P1, from2024, 1, 0, 0, 0)));
        Filter exclusive = new Filter.Range("meta.year", 2023.0, null, 2025.5, null, false);
        assertEquals(Set.of(), ids(dense(P1, exclusive, 1, 0, 0, 0)));
        Filter outside = new Filter.Range("meta.year", null, 2024.0, null, 2026.0, true);
        assertEquals(Set.of(a.pointId()), ids(dense(P1, outside, 1, 0, 0, 0)), "range_out skips points without it");

        Filter nested = Filter.or(List.of(
                Filter.and(Filter.anyOf(Filter.KB_ID, List.of(KB2)), Filter.anyOf("meta.team", List.of("sales"))),
                Filter.anyOf("meta.tags", List.of("faq"))));
        assertEquals(Set.of(a.pointId(), b.pointId()), ids(dense(P1, nested, 1, 0, 0, 0)));
        assertEquals(Set.of(a.pointId(), b.pointId()), ids(keyword(P1, nested, "alpha beta gamma")));
        assertEquals(2, index.count(MODEL, P1, nested));
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void deactivateHidesAndActivateRestores() {
        String d = doc();
        IndexPoint a = point(P1, KB1, d, 1, "hidden words", new float[] {1, 0, 0, 0}, Map.of());
        put(a);

        index.setActive(P1, d, false);
        index.commit();
        assertTrue(dense(P1, Filter.all(), 1, 0, 0, 0).isEmpty());
        assertTrue(keyword(P1, Filter.all(), "hidden").isEmpty());
        assertEquals(0, index.count(MODEL, P1, Filter.all()));

        index.setActive(P2, d, true);
        index.commit();
        assertEquals(0, index.count(MODEL, P1, Filter.all()), "another project cannot activate it");

        index.setActive(P1, d, true);
        index.commit();
        assertEquals(Set.of(a.pointId()), ids(keyword(P1, Filter.all(), "hidden")));
    }

    @Test
    void inactivePointsStayHidden() {
        IndexPoint a = point(doc(), "inactive", new float[] {1, 0, 0, 0});
        IndexPoint inactive = new IndexPoint(a.pointId(), a.projectId(), a.knowledgeBaseId(), a.documentId(),
                a.version(), a.ordinal(), a.documentName(), a.content(), a.title(), a.chunkType(), a.page(),
                a.metadata(), false, true, a.updatedAt(), a.vector());
        put(inactive);
        assertEquals(0, index.count(MODEL, P1, Filter.all()));
    }

    @Test
    void deleteRemovesEveryVersion() {
        String d = doc();
        put(point(P1, KB1, d, 1, "one", new float[] {1, 0, 0, 0}, Map.of()),
                point(P1, KB1, d, 2, "two", new float[] {1, 0, 0, 0}, Map.of()));
        IndexPoint keep = point(doc(), "other", new float[] {1, 0, 0, 0});
        put(keep);

        index.deleteDocument(P1, d);
        index.commit();
        assertEquals(Set.of(keep.pointId()), ids(dense(P1, Filter.all(), 1, 0, 0, 0)));
        index.retireVersions(P1, d, 5);
        index.commit();
        assertEquals(1, index.count(MODEL, P1, Filter.all()));
    }

    @Test
    void aNewVersionIsStagedUntilTheOldOneIsRetired() {
        String d = doc();
        IndexPoint v1 = point(P1, KB1, d, 1, "old version", new float[] {1, 0, 0, 0}, Map.of());
        IndexPoint v2 = point(P1, KB1, d, 2, "new version", new float[] {1, 0, 0, 0}, Map.of());
        put(v1, v2);
        assertEquals(Set.of(v1.pointId()), ids(dense(P1, Filter.all(), 1, 0, 0, 0)), "readers keep version 1");

        index.retireVersions(P1, d, 1);
        index.commit();
        assertEquals(Set.of(v2.pointId()), ids(dense(P1, Filter.all(), 1, 0, 0, 0)));
        assertEquals(Set.of(v2.pointId()), ids(keyword(P1, Filter.all(), "version")));
        assertTrue(index.fetch(MODEL, List.of(v1.pointId())).isEmpty());
    }

    @Test
    void fetchReturnsStoredFieldsInOrder() {
        IndexPoint a = point(P1, KB1, doc(), 1, "alpha text", new float[] {1, 0, 0, 0},
                Map.of("team", "support", "n", 3));
        IndexPoint b = point(doc(), "beta text", new float[] {0, 1, 0, 0});
        put(a, b);

        List<IndexPoint> got = index.fetch(MODEL, List.of(b.pointId(), "00000000-0000-0000-0000-000000000000",
                a.pointId()));
        assertEquals(List.of(b.pointId(), a.pointId()), got.stream().map(IndexPoint::pointId).toList());
        IndexPoint f = got.get(1);
        assertEquals(a.content(), f.content());
        assertEquals(a.title(), f.title());
        assertEquals(a.documentId(), f.documentId());
        assertEquals(a.documentName(), f.documentName());
        assertEquals(a.knowledgeBaseId(), f.knowledgeBaseId());
        assertEquals(a.ordinal(), f.ordinal());
        assertEquals(a.page(), f.page());
        assertEquals(a.chunkType(), f.chunkType());
        assertEquals(a.updatedAt(), f.updatedAt());
        assertEquals("support", f.metadata().get("team"));
        assertEquals(3, ((Number) f.metadata().get("n")).intValue());
        assertNull(f.vector());
    }

    @Test
    void survivesReopening() throws Exception {
        IndexPoint a = point(doc(), "durable words", new float[] {1, 0, 0, 0});
        put(a);
        index.close();

        index = open(dir);
        assertTrue(index.collections().contains(MODEL));
        assertEquals(Set.of(a.pointId()), ids(keyword(P1, Filter.all(), "durable")));
        index.ensureCollection(MODEL, 4);
        assertEquals(1, index.count(MODEL, P1, Filter.all()));
    }

    @Test
    void manyCandidatesKeepTheBestByCosine() {
        // 300 points around a circle: the top 9 of 50 candidates must be the 9 closest (points at
        // ±angle tie, so 9 = the query's own point and four on each side is the unambiguous cut).
        List<IndexPoint> points = new ArrayList<>();
        Map<String, Double> cosine = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            double angle = i * 2 * Math.PI / 300;
            IndexPoint p = point(doc(), "p" + i, new float[] {(float) Math.cos(angle), (float) Math.sin(angle), 0.1f, 0});
            points.add(p);
            cosine.put(p.pointId(), (Math.cos(angle) + 0.01) / Math.sqrt(1.01));
        }
        index.upsert(MODEL, points);
        index.commit();

        List<IndexHit> hits = sorted(index.search(MODEL, SearchRequest.of(P1, Filter.all(),
                new float[] {1, 0, 0.1f, 0}, null, 50)), true);
        List<String> expected = cosine.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(9).map(Map.Entry::getKey).toList();
        assertEquals(Set.copyOf(expected), Set.copyOf(hits.subList(0, 9).stream().map(IndexHit::pointId).toList()));
        assertNotNull(hits.get(0).denseScore());
    }
}
