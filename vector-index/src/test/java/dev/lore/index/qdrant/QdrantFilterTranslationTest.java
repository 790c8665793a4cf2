package dev.lore.index.qdrant;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.matchValues;
import static io.qdrant.client.ConditionFactory.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.index.Filter;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Common.Condition;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class QdrantFilterTranslationTest {

    private static Condition must(Condition... conditions) {
        return ConditionFactory.filter(Common.Filter.newBuilder().addAllMust(List.of(conditions)).build());
    }

    private static Condition should(Condition... conditions) {
        return ConditionFactory.filter(Common.Filter.newBuilder().addAllShould(List.of(conditions)).build());
    }

    private static Condition mustNot(Condition condition) {
        return ConditionFactory.filter(Common.Filter.newBuilder().addMustNot(condition).build());
    }

    private static Common.Range.Builder bounds() {
        return Common.Range.newBuilder();
    }

    // ---------------------------------------------------------------- filters

    @Test
    void visibilityIsAlwaysRequiredAndAllAddsNothing() throws Exception {
        Common.Filter expected = Common.Filter.newBuilder()
                .addMust(matchKeyword("project_id", "p1"))
                .addMust(match("active", true))
                .addMust(match("serving", true))
                .build();
        assertEquals(expected, QdrantFilters.visible("p1", Filter.all()));

        Common.Filter kb = QdrantFilters.visible("p1", Filter.anyOf(Filter.KB_ID, List.of("kb1", "kb2")));
        assertEquals(expected.toBuilder().addMust(matchKeywords("kb_id", List.of("kb1", "kb2"))).build(), kb);
        // The client's generated messages must run on the protobuf the build resolves (4.x, not the client's 3.x).
        assertEquals(kb, Common.Filter.parseFrom(kb.toByteArray()));
    }

    @Test
    void anyOfMatchesByValueType() {
        assertEquals(matchKeywords("meta.team", List.of("support")),
                QdrantFilters.condition(Filter.anyOf("meta.team", List.of("support"))));
        // Whole numbers match as integers whatever their Java type, as 3 and 3.0 do in Lucene.
        assertEquals(matchValues("meta.year", List.of(2023L, 2024L)),
                QdrantFilters.condition(Filter.anyOf("meta.year", List.of(2023, 2024.0))));
        assertEquals(range("meta.score", bounds().setGte(2.5).setLte(2.5).build()),
                QdrantFilters.condition(Filter.anyOf("meta.score", List.of(2.5))));
        assertEquals(match("meta.public", false), QdrantFilters.condition(Filter.anyOf("meta.public", List.of(false))));
        assertEquals(should(matchKeywords("meta.x", List.of("a")), matchValues("meta.x", List.of(1L)),
                        match("meta.x", true)),
                QdrantFilters.condition(Filter.anyOf("meta.x", List.of("a", 1, true))));
    }

    @Test
    void notBecomesMustNot() {
        assertEquals(mustNot(matchKeywords("document_id", List.of("d1"))),
                QdrantFilters.condition(Filter.not(Filter.anyOf(Filter.DOCUMENT_ID, List.of("d1")))));
    }

    @Test
    void rangeKeepsItsBounds() {
        assertEquals(range("meta.year", bounds().setGte(2024).setLte(2026).build()),
                QdrantFilters.condition(new Filter.Range("meta.year", null, 2024.0, null, 2026.0, false)));
        assertEquals(range("meta.year", bounds().setGt(2023).setLt(2025.5).build()),
                QdrantFilters.condition(new Filter.Range("meta.year", 2023.0, null, 2025.5, null, false)));
    }

    @Test
    void outsideARangeIsBeyondOneOfItsBoundsSoTheFieldMustExist() {
        assertEquals(should(range("meta.year", bounds().setLt(2024).build()),
                        range("meta.year", bounds().setGt(2026).build())),
                QdrantFilters.condition(new Filter.Range("meta.year", null, 2024.0, null, 2026.0, true)));
        assertEquals(range("meta.year", bounds().setLte(10).build()),
                QdrantFilters.condition(new Filter.Range("meta.year", 10.0, null, null, null, true)));
        assertEquals(QdrantFilters.NOTHING,
                QdrantFilters.condition(new Filter.Range("meta.year", null, null, null, null, true)));
    }

    @Test
    void nestedAndOr() {
        Filter nested = Filter.or(List.of(
                Filter.and(Filter.anyOf(Filter.KB_ID, List.of("kb2")), Filter.anyOf("meta.team", List.of("sales"))),
                Filter.anyOf("meta.tags", List.of("faq"))));
        assertEquals(should(
                        must(matchKeywords("kb_id", List.of("kb2")), matchKeywords("meta.team", List.of("sales"))),
                        matchKeywords("meta.tags", List.of("faq"))),
                QdrantFilters.condition(nested));
    }

    @Test
    void noneMatchesNothingEvenInsideOtherFilters() {
        Condition nothing = hasId(List.of());
        assertEquals(nothing, QdrantFilters.condition(Filter.none()));
        assertEquals(nothing, QdrantFilters.condition(Filter.anyOf("meta.team", List.of())));
        // Built directly, an empty Or must not become an empty `should`, which Qdrant reads as true.
        assertEquals(nothing, QdrantFilters.condition(new Filter.Or(List.of())));
        assertEquals(mustNot(nothing), QdrantFilters.condition(new Filter.Not(new Filter.None())));
        assertEquals(mustNot(ConditionFactory.filter(Common.Filter.getDefaultInstance())),
                QdrantFilters.condition(new Filter.Not(new Filter.All())));
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> QdrantFilters.condition(Filter.anyOf("active", List.of(false))));
        assertThrows(IllegalArgumentException.class,
                () -> QdrantFilters.condition(new Filter.Range(Filter.KB_ID, 1.0, null, null, null, false)));
        assertThrows(IllegalArgumentException.class,
                () -> QdrantFilters.condition(Filter.anyOf("meta.x", List.of(Map.of()))));
    }

    @Test
    void retiringSelectsTheDocumentUpToAVersion() {
        assertEquals(Common.Filter.newBuilder()
                        .addMust(matchKeyword("project_id", "p1"))
                        .addMust(matchKeyword("document_id", "d1"))
                        .addMust(range("version", bounds().setLte(3).build()))
                        .build(),
                QdrantFilters.versionsUpTo("p1", "d1", 3));
    }

    // ---------------------------------------------------------------- sparse vectors

    @Test
    void theSameTermAlwaysGetsTheSameIndex() {
        SortedMap<Integer, Float> doc = KeywordVectors.document("The athlete runs in new shoes.");
        SortedMap<Integer, Float> query = KeywordVectors.query("running shoe");
        assertEquals(2, query.size());
        assertTrue(doc.keySet().containsAll(query.keySet()), "stemmed query terms hit the chunk's indexes");
        // Pinned: a different hash would orphan every sparse vector already stored.
        assertEquals(303_109_060, KeywordVectors.index("shoe"));
        assertTrue(KeywordVectors.index("a-very-long-term-whose-hash-has-the-sign-bit-set") >= 0);
    }

    @Test
    void aQueryWeighsEachDistinctTermOnce() {
        SortedMap<Integer, Float> query = KeywordVectors.query("shoes shoe SHOES");
        assertEquals(Map.of(KeywordVectors.index("shoe"), 1f), query);
        assertTrue(KeywordVectors.query("the of and").isEmpty());
    }

    @Test
    void chunkWeightsSaturateWithTermFrequency() {
        int length = KeywordVectors.AVERAGE_LENGTH;
        assertEquals(1.0, KeywordVectors.weight(1, length), 1e-9, "one occurrence in an average chunk weighs 1");
        double previousGain = Double.MAX_VALUE;
        for (int tf = 1; tf < 50; tf++) {
            double gain = KeywordVectors.weight(tf + 1, length) - KeywordVectors.weight(tf, length);
            assertTrue(gain > 0 && gain < previousGain, "each occurrence adds less than the one before");
            previousGain = gain;
        }
        assertTrue(KeywordVectors.weight(10_000, length) < KeywordVectors.K1 + 1);
        assertTrue(KeywordVectors.weight(1, 64) > KeywordVectors.weight(1, 1024), "shorter chunks weigh more");

        SortedMap<Integer, Float> doc = KeywordVectors.document("shoe shoe shoe boot");
        assertEquals((float) KeywordVectors.weight(3, 4), doc.get(KeywordVectors.index("shoe")));
        assertEquals((float) KeywordVectors.weight(1, 4), doc.get(KeywordVectors.index("boot")));
    }

    @Test
    void keywordScoresStayInTheUnitIntervalAndKeepTheirOrder() {
        assertEquals(0.0, KeywordVectors.normalise(0));
        assertEquals(0.5, KeywordVectors.normalise(1));
        assertTrue(KeywordVectors.normalise(3) < KeywordVectors.normalise(4));
        assertTrue(KeywordVectors.normalise(1e6) < 1);
    }
}
