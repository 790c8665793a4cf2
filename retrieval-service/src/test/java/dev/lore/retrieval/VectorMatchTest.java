package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.ingestion;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GPTBots {@code POST /v1/vector/match}: validation, the error envelope, scoping and scoring. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class VectorMatchTest {
    static final String MODEL = "baai/bge-small-en-v1.5";

    static String project;
    static String otherProject;
    static String kbA;
    static String kbB;
    static String docA;
    static String docB;
    static String partDoc;
    static String seriesDoc;
    static String gardenDoc;
    static String foreignDoc;

    @BeforeAll
    static void documents() {
        project = Stack.newProject();
        otherProject = Stack.newProject();
        kbA = createKnowledgeBase(project, "lighthouses", null);
        kbB = createKnowledgeBase(project, "bread", null);
        String kbC = createKnowledgeBase(project, "parts", null);
        String kbQ = createKnowledgeBase(otherProject, "elsewhere", null);
        docA = submit(project, kbA, "lighthouse.md",
                "Lighthouses guide ships along rocky coasts with rotating lamps at night.", null, Map.of());
        docB = submit(project, kbB, "bread.md",
                "Sourdough bread rises slowly because wild yeast ferments the dough overnight.", null, Map.of());
        partDoc = submit(project, kbC, "pump-part.md",
                "To repair the pump, order part ZX-9912-QK from the usual supplier.", null, Map.of());
        seriesDoc = submit(project, kbC, "zx-series.md",
                "The ZX series of water pumps is sold in many countries.", null, Map.of());
        gardenDoc = submit(project, kbC, "garden.md",
                "Tomatoes grow best in warm sunny gardens with regular watering.", null, Map.of());
        foreignDoc = submit(otherProject, kbQ, "lighthouse.md",
                "Lighthouses guide ships along rocky coasts with rotating lamps at night.", null, Map.of());
        Stack.awaitReady(project, docA, docB, partDoc, seriesDoc, gardenDoc);
        Stack.awaitReady(otherProject, foreignDoc);
    }

    private static JsonPath match(String project, Map<String, Object> body) {
        JsonPath r = retrieval(project).body(body).post("/v1/vector/match").then().statusCode(200).extract().jsonPath();
        assertEquals(r.getList("list").size(), r.getInt("total"), "total is the list size");
        for (Float score : r.<Float>getList("list.score")) {
            assertTrue(score >= 0 && score <= 1, "score in [0, 1]: " + score);
        }
        return r;
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Set<String> dataIds(JsonPath r) {
        return Set.copyOf(r.getList("list.data_id", String.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"prompt\":\"   \"}",
            "{\"prompt\":null}",
            "{\"prompt\":\"ships\",\"embedding_rate\":-0.1}",
            "{\"prompt\":\"ships\",\"embedding_rate\":1.5}",
            "{\"prompt\":\"ships\",\"top_k\":0}",
            "{\"prompt\":\"ships\",\"top_k\":51}",
            "{\"prompt\":\"ships\",\"doc_correlation\":0.05}",
            "{\"prompt\":\"ships\",\"doc_correlation\":0.96}",
            "{\"prompt\":\"ships\",",
            "{\"prompt\":\"ships\",\"group_ids\":[null]}",
            "{\"prompt\":\"ships\",\"data_ids\":[null]}",
    })
    void invalidRequestsAnswer40000(String json) {
        Envelopes.gptbots(retrieval(project).body(json).post("/v1/vector/match"), 400, 40000);
    }

    @Test
    void anUnconfiguredRerankVersionIsABadParameterNamingIt() {
        String message = Envelopes.gptbots(retrieval(project)
                .body(body("prompt", "ships", "rerank_version", "No-Such-Rerank"))
                .post("/v1/vector/match"), 400, 40000);
        assertTrue(message.contains("No-Such-Rerank"), message);
    }

    @Test
    void anUnknownKnowledgeBaseIs20059() {
        Envelopes.gptbots(retrieval(project).body(body("prompt", "ships", "group_ids",
                List.of(kbA, UUID.randomUUID().toString()))).post("/v1/vector/match"), 404, 20059);
        Envelopes.gptbots(retrieval(project).body(body("prompt", "ships", "group_ids", List.of("not-a-uuid")))
                .post("/v1/vector/match"), 404, 20059);
        // A knowledge base of another project does not exist here.
        String foreignKb = Stack.document(otherProject, foreignDoc).getString("knowledge_base_id");
        Envelopes.gptbots(retrieval(project).body(body("prompt", "ships", "group_ids", List.of(foreignKb)))
                .post("/v1/vector/match"), 404, 20059);
    }

    @Test
    void aDeletedKnowledgeBaseIs20059() {
        // Never queried before it is deleted, so no positive answer is cached.
        String kb = createKnowledgeBase(project, "short-lived", null);
        ingestion(project).delete("/v1/knowledge-bases/" + kb).then().statusCode(204);
        Envelopes.gptbots(retrieval(project).body(body("prompt", "ships", "group_ids", List.of(kb)))
                .post("/v1/vector/match"), 404, 20059);
    }

    @Test
    void groupAndDataIdsScopeTheSearch() {
        String prompt = "lighthouse ships";
        assertEquals(Set.of(docA), dataIds(match(project, body("prompt", prompt, "group_ids", List.of(kbA)))));
        assertEquals(Set.of(docB), dataIds(match(project, body("prompt", prompt, "data_ids", List.of(docB)))));
        assertEquals(Set.of(docA, docB), dataIds(match(project, body("prompt", prompt,
                "group_ids", List.of(kbA), "data_ids", List.of(docB)))), "both lists: their union");
        assertEquals(Set.of(docA), dataIds(match(project, body("prompt", prompt,
                "group_ids", List.of(kbA), "data_ids", List.of()))));
        assertEquals(0, match(project, body("prompt", prompt, "group_ids", List.of())).getInt("total"));
        assertEquals(0, match(project, body("prompt", prompt, "group_ids", List.of(), "data_ids", List.of()))
                .getInt("total"));
        assertEquals(Set.of(docA, docB, partDoc, seriesDoc, gardenDoc),
                dataIds(match(project, body("prompt", prompt))), "neither list: the whole project");
        // Another project's document is out of reach, though its owner finds it.
        assertEquals(0, match(project, body("prompt", prompt, "data_ids", List.of(foreignDoc))).getInt("total"));
        assertEquals(Set.of(foreignDoc), dataIds(match(otherProject, body("prompt", prompt,
                "data_ids", List.of(foreignDoc)))));
    }

    @Test
    void keywordsOnlyRankTheExactTokenFirst() {
        JsonPath r = match(project, body("prompt", "ZX-9912-QK", "embedding_rate", 0));
        assertEquals(partDoc, r.getString("list[0].data_id"));
        assertTrue(r.getString("list[0].content").contains("ZX-9912-QK"));
        List<String> ids = r.getList("list.data_id", String.class);
        assertTrue(ids.contains(seriesDoc), "a partial match (ZX) is found too: " + ids);
        assertTrue(r.getDouble("list[0].score") > r.getDouble("list[" + ids.indexOf(seriesDoc) + "].score"));
    }

    @Test
    void semanticsOnlyScoresAreTheCosine() {
        String prompt = "How do lighthouses help sailors?";
        JsonPath r = match(project, body("prompt", prompt, "embedding_rate", 1, "top_k", 10));
        List<String> contents = r.getList("list.content", String.class);
        assertEquals(5, contents.size());
        List<Object> inputs = new ArrayList<>();
        inputs.add(prompt);
        inputs.addAll(contents);
        JsonPath emb = retrieval(project).body(Map.of("model", MODEL, "input", inputs)).post("/v1/embeddings")
                .then().statusCode(200).extract().jsonPath();
        float[] q = vector(emb, 0);
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < contents.size(); i++) {
            double cosine = cosine(q, vector(emb, i + 1));
            assertEquals(Math.max(0, cosine), r.getDouble("list[" + i + "].score"), 1e-3, "score of " + contents.get(i));
            assertTrue(cosine <= previous + 1e-6, "sorted by cosine at " + i);
            previous = cosine;
        }
        assertEquals(docA, r.getString("list[0].data_id"));
    }

    static float[] vector(JsonPath emb, int i) {
        List<Float> v = emb.getList("data[" + i + "].embedding", Float.class);
        float[] out = new float[v.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = v.get(j);
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void docCorrelationDropsLowerScores() {
        String prompt = "lighthouse lamps for ships";
        JsonPath all = match(project, body("prompt", prompt, "embedding_rate", 0.7));
        List<Float> scores = all.getList("list.score", Float.class);
        assertEquals(5, scores.size());
        double threshold = Math.max(0.1, Math.min(0.95, (scores.get(0) + scores.get(scores.size() - 1)) / 2));
        JsonPath kept = match(project, body("prompt", prompt, "embedding_rate", 0.7, "doc_correlation", threshold));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            if (scores.get(i) >= threshold) {
                expected.add(all.getString("list[" + i + "].data_id"));
            }
        }
        assertFalse(expected.isEmpty());
        assertTrue(expected.size() < scores.size(), "the threshold " + threshold + " drops some of " + scores);
        assertEquals(expected, kept.getList("list.data_id", String.class));
        kept.getList("list.score", Float.class).forEach(s -> assertTrue(s >= threshold, s + " < " + threshold));

        String unrelated = "quantum chromodynamics of gluon fields";
        assertTrue(match(project, body("prompt", unrelated)).getInt("total") > 0);
        assertEquals(0, match(project, body("prompt", unrelated, "doc_correlation", 0.95)).getInt("total"));
    }

    @Test
    void topKCapsTheList() {
        String prompt = "pumps and parts";
        JsonPath all = match(project, body("prompt", prompt, "embedding_rate", 0.5, "top_k", 50));
        assertEquals(5, all.getInt("total"));
        JsonPath two = match(project, body("prompt", prompt, "embedding_rate", 0.5, "top_k", 2));
        assertEquals(2, two.getInt("total"));
        assertEquals(all.getList("list.data_id").subList(0, 2), two.getList("list.data_id"));
        assertEquals(1, match(project, body("prompt", prompt, "top_k", 1)).getInt("total"));
    }
}
