package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.retrieval;
import static dev.lore.retrieval.Stack.submit;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reranking through the test profile's Jina-style reranker, a {@link RerankServer} that scores a
 * document by the fruit it mentions: kiwi 0.91, mango 0.62, papaya 0.33, none 0.04. The document
 * most similar to the questions mentions none, so reranking visibly reorders.
 */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class RerankTest {
    static final String RERANKER = "Jina-reranker-v2-base-multilingual";

    static String project;
    static String kb;
    static String tides;
    static String mango;
    static String kiwi;
    static String papaya;
    static Map<String, String> contents;

    /** Once per class; not in a static @BeforeAll, where REST Assured does not point at the app yet. */
    @BeforeEach
    void documents() {
        if (project != null) {
            return;
        }
        project = Stack.newProject();
        kb = createKnowledgeBase(project, "coast", null);
        String t = "Tides rise and fall because of the gravitational pull of the moon on the ocean.";
        String m = "Fishermen at the harbour eat mango while waiting for the tide.";
        String k = "A kiwi is a small flightless bird from New Zealand.";
        String p = "Papaya trees grow in warm climates near the ocean.";
        tides = submit(project, kb, "tides.md", t, null, Map.of());
        mango = submit(project, kb, "mango.md", m, null, Map.of());
        kiwi = submit(project, kb, "kiwi.md", k, null, Map.of());
        papaya = submit(project, kb, "papaya.md", p, null, Map.of());
        Stack.awaitReady(project, tides, mango, kiwi, papaya);
        contents = Map.of(tides, t, mango, m, kiwi, k, papaya, p);
    }

    private static JsonPath match(Map<String, Object> body) {
        return retrieval(project).body(body).post("/v1/vector/match").then().statusCode(200).extract().jsonPath();
    }

    /** The requests the reranker received with this query. */
    private static List<Map<String, Object>> received(String query) {
        String url = ConfigProvider.getConfig().getValue(RerankServer.URL_PROPERTY, String.class)
                .replace("/v1/rerank", "/requests");
        JsonPath all = given().get(url).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> out = new ArrayList<>();
        List<Map<String, Object>> requests = all.getList("$");
        for (Map<String, Object> r : requests) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) r.get("body");
            if (query.equals(body.get("query"))) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void vectorMatchOrdersAndScoresByTheReranker() {
        String prompt = "What causes ocean tides?";
        JsonPath plain = match(Map.of("prompt", prompt));
        assertEquals(tides, plain.getString("list[0].data_id"), "without reranking the tides document leads");
        assertTrue(received(prompt).isEmpty(), "no rerank_version, no reranker call");

        // Names match ignoring case.
        JsonPath reranked = match(Map.of("prompt", prompt, "rerank_version", "jina-RERANKER-v2-base-MULTILINGUAL"));
        assertEquals(List.of(kiwi, mango, papaya, tides), reranked.getList("list.data_id"));
        assertEquals(4, reranked.getInt("total"));
        List<Double> scores = reranked.getList("list.score", Double.class);
        List<Double> expected = List.of(0.91, 0.62, 0.33, RerankServer.DEFAULT_SCORE);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected.get(i), scores.get(i), 1e-6, "the rerank score");
            assertEquals(RerankServer.score(reranked.getString("list[" + i + "].content")), scores.get(i), 1e-6);
        }

        List<Map<String, Object>> calls = received(prompt);
        assertEquals(1, calls.size(), calls.toString());
        Map<String, Object> call = calls.get(0);
        assertEquals("/v1/rerank", call.get("path"));
        assertEquals("Bearer " + RerankServer.API_KEY, call.get("authorization"));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) call.get("body");
        assertEquals("jina-reranker-v2-base-multilingual", body.get("model"));
        assertEquals(Set.copyOf(contents.values()), Set.copyOf((List<?>) body.get("documents")));

        JsonPath two = match(Map.of("prompt", prompt, "rerank_version", RERANKER, "top_k", 2));
        assertEquals(List.of(kiwi, mango), two.getList("list.data_id"));
        assertEquals(2, two.getInt("total"));
    }

    @Test
    void docCorrelationAppliesToTheRerankScore() {
        String prompt = "Why does the sea level change with the moon?";
        JsonPath plain = match(Map.of("prompt", prompt, "doc_correlation", 0.3));
        assertTrue(plain.getList("list.data_id").contains(tides), "its similarity passes 0.3: " + plain.prettify());
        JsonPath reranked = match(Map.of("prompt", prompt, "doc_correlation", 0.3, "rerank_version", RERANKER));
        assertEquals(List.of(kiwi, mango, papaya), reranked.getList("list.data_id"), "rerank score 0.04 < 0.3");
        assertEquals(List.of(kiwi), match(Map.of("prompt", prompt, "doc_correlation", 0.9,
                "rerank_version", RERANKER)).getList("list.data_id"));
    }

    @Test
    void serviceChatCarriesRerankScoresAndPositions() {
        String plainService = retrieval(project).body(Map.of("name", "plain", "knowledge_base_ids", List.of(kb)))
                .post("/v1/knowledge-services").then().statusCode(201).extract().path("service_resource_id");
        String rerankService = retrieval(project).body(Map.of("name", "reranked", "knowledge_base_ids", List.of(kb),
                        "rerank", "jina-reranker-v2-base-multilingual"))
                .post("/v1/knowledge-services").then().statusCode(201).extract().path("service_resource_id");
        String query = "How does the moon move the ocean?";
        Map<String, Object> message = Map.of("role", "user", "content", query);
        JsonPath plain = retrieval(project).body(Map.of("service_resource_id", plainService, "stream", false,
                "messages", List.of(message))).post("/api/knowledge/service/chat").then().statusCode(200)
                .extract().jsonPath();
        List<String> recallOrder = plain.getList("data.result_list.doc_info.doc_id", String.class);
        assertEquals(4, recallOrder.size());
        assertEquals(tides, recallOrder.get(0));

        JsonPath r = retrieval(project).body(Map.of("service_resource_id", rerankService, "stream", false,
                "messages", List.of(message))).post("/api/knowledge/service/chat").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(kiwi, mango, papaya, tides), r.getList("data.result_list.doc_info.doc_id"));
        for (int i = 0; i < 4; i++) {
            String at = "data.result_list[" + i + "].";
            double expected = RerankServer.score(r.getString(at + "content"));
            assertEquals(expected, r.getDouble(at + "rerank_score"), 1e-6);
            assertEquals(expected, r.getDouble(at + "score"), 1e-6);
            assertEquals(i + 1, r.getInt(at + "rerank_position"));
            assertEquals(recallOrder.indexOf(r.getString(at + "doc_info.doc_id")) + 1, r.getInt(at + "recall_position"),
                    "recall_position is the rank before reranking");
        }
        List<Map<String, Object>> calls = received(query);
        assertEquals(1, calls.size(), "only the reranked service calls the reranker");
        assertEquals("Bearer " + RerankServer.API_KEY, calls.get(0).get("authorization"));
    }
}
