package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.retrieval;
import static dev.lore.retrieval.Stack.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vecstruct {@code rag.query} ({@code POST /v1/rag/query}). */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class RagQueryTest {
    static String project;
    static String kb;
    static String whales;
    static String volcano;
    static String desert;

    @BeforeAll
    static void documents() {
        project = Stack.newProject();
        kb = createKnowledgeBase(project, "nature", null);
        whales = submit(project, kb, "whales.md", "# Whales\n\nBlue whales are the largest animals on Earth and eat krill.\n",
                "{\"team\":\"ocean\",\"year\":2024,\"tags\":[\"mammal\",\"sea\"]}", Map.of("chunk_strategy", "markdown"));
        volcano = submit(project, kb, "volcano.md", "Volcanoes erupt when magma rises through the crust.",
                "{\"team\":\"geo\"}", Map.of());
        desert = submit(project, kb, "desert.md", "Camels store fat in their humps to survive in the desert.",
                null, Map.of());
        Stack.awaitReady(project, whales, volcano, desert);
    }

    private static JsonPath rag(Map<String, Object> body) {
        JsonPath r = retrieval(project).body(body).post("/v1/rag/query").then().statusCode(200).extract().jsonPath();
        List<Float> scores = r.getList("results.score", Float.class);
        for (int i = 0; i < scores.size(); i++) {
            assertTrue(scores.get(i) >= 0 && scores.get(i) <= 1, "score in [0, 1]: " + scores);
            assertTrue(i == 0 || scores.get(i) <= scores.get(i - 1), "best first: " + scores);
        }
        return r;
    }

    @Test
    void resultsCarryTheChunkAndItsDocument() {
        JsonPath r = rag(Map.of("query", "What is the largest animal in the ocean?"));
        assertEquals("What is the largest animal in the ocean?", r.getString("query"));
        assertEquals("none", r.getString("rag_query_expansion"));
        assertEquals(3, r.getList("results").size());
        assertEquals(whales, r.getString("results[0].document_id"));
        assertTrue(r.getString("results[0].content").contains("Blue whales are the largest animals"));
        assertEquals("Whales", r.getString("results[0].title"));
        assertEquals("whales.md", r.getString("results[0].document_name"));
        assertEquals(kb, r.getString("results[0].knowledge_base_id"));
        assertEquals(0, r.getInt("results[0].chunk_ordinal"));
        assertTrue(r.getDouble("results[0].score") > 0.5, r.prettify());
        assertEquals("ocean", r.getString("results[0].metadata.team"));
        assertEquals(2024, r.getInt("results[0].metadata.year"));
        assertEquals(List.of("mammal", "sea"), r.getList("results[0].metadata.tags"));
        for (int i = 0; i < 3; i++) {
            Map<String, Object> item = r.getMap("results[" + i + "]");
            assertTrue(item.keySet().containsAll(Set.of("score", "content", "document_id", "title", "chunk_ordinal",
                    "metadata")), item.toString());
        }
        int geo = r.getList("results.document_id").indexOf(volcano);
        assertEquals("geo", r.getString("results[" + geo + "].metadata.team"));
    }

    @Test
    void sourceIdsRestrictTheDocuments() {
        String query = "animals of the earth";
        JsonPath one = rag(Map.of("query", query, "source_ids", List.of(volcano)));
        assertEquals(List.of(volcano), one.getList("results.document_id"));
        JsonPath two = rag(Map.of("query", query, "source_ids", List.of(whales, desert)));
        assertEquals(Set.of(whales, desert), Set.copyOf(two.getList("results.document_id", String.class)));
        assertEquals(2, two.getList("results").size());
        assertEquals(0, rag(Map.of("query", query, "source_ids", List.of())).getList("results").size());
        assertEquals(3, rag(Map.of("query", query)).getList("results").size());
    }

    @Test
    void minSimilarityDropsLowerScores() {
        String query = "camels in the desert";
        JsonPath all = rag(Map.of("query", query));
        List<Float> scores = all.getList("results.score", Float.class);
        assertEquals(3, scores.size());
        double min = (scores.get(0) + scores.get(2)) / 2;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (scores.get(i) >= min) {
                expected.add(all.getString("results[" + i + "].document_id"));
            }
        }
        assertTrue(expected.size() < 3 && !expected.isEmpty(), scores + " around " + min);
        JsonPath kept = rag(Map.of("query", query, "min_similarity", min));
        assertEquals(expected, kept.getList("results.document_id"));
        assertEquals(desert, kept.getString("results[0].document_id"));
        assertEquals(1, rag(Map.of("query", query, "top_k", 1)).getList("results").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"query\":\"whales\",\"rag_query_expansion\":\"rewrite\"}|rag_query_expansion",
            "{\"query\":\"whales\",\"rag_query_expansion\":\"hyde\"}|rag_query_expansion",
            "{\"query\":\"whales\",\"top_k\":0}|top_k",
            "{\"query\":\"whales\",\"top_k\":101}|top_k",
            "{\"query\":\"whales\",\"min_similarity\":1.5}|min_similarity",
            "{\"top_k\":3}|query",
            "{\"query\":\"  \"}|query",
            "{\"query\":\"whales\",\"source_ids\":[null]}|source_ids",
    })
    void invalidRequestsAnswer400InTheOpenAiEnvelope(String json, String param) {
        Map<String, Object> error = Envelopes.openAi(retrieval(project).body(json).post("/v1/rag/query"), 400,
                "invalid_parameter");
        assertEquals(param, error.get("param"));
        assertEquals("invalid_request_error", error.get("type"));
    }

    @Test
    void rewriteSaysWhyItIsRefused() {
        Map<String, Object> error = Envelopes.openAi(retrieval(project)
                .body(Map.of("query", "whales", "rag_query_expansion", "rewrite")).post("/v1/rag/query"), 400, null);
        assertFalse(((String) error.get("message")).isBlank());
        assertTrue(((String) error.get("message")).contains("rewrite"), error.toString());
    }
}
