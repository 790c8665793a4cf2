package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.ingestion;
import static dev.lore.retrieval.Stack.retrieval;
import static dev.lore.retrieval.Stack.upload;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upload through the real ingestion service; find the document through every retrieval API; take
 * it away (deactivate, delete) and it is gone from all of them; re-chunk it and readers never see
 * two versions.
 */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class EndToEndTest {
    private static final String TEXT = """
            # Ocean tides

            Tides are the rise and fall of sea levels caused by the gravitational pull of the Moon and the Sun.
            Spring tides happen at new and full moon, when the Sun and Moon line up.
            """;

    private final String project = Stack.newProject();

    private int vectorMatchCount(String prompt, double rate) {
        return retrieval(project).body(Map.of("prompt", prompt, "embedding_rate", rate, "top_k", 5))
                .post("/v1/vector/match").then().statusCode(200).extract().path("total");
    }

    private int ragCount(String query) {
        return retrieval(project).body(Map.of("query", query)).post("/v1/rag/query")
                .then().statusCode(200).extract().path("results.size()");
    }

    private int chatCount(String service, String query) {
        return retrieval(project).body(Map.of("service_resource_id", service, "stream", false,
                        "messages", List.of(Map.of("role", "user", "content", query))))
                .post("/api/knowledge/service/chat").then().statusCode(200).extract().path("data.count");
    }

    @Test
    void aDocumentIsFoundByEveryApiUntilItIsTakenAway() {
        String kb = createKnowledgeBase(project, "oceans", null);
        String doc = upload(project, kb, "tides.md", TEXT, "{\"topic\":\"sea\"}");
        String service = retrieval(project).body(Map.of("name", "oceans", "knowledge_base_ids", List.of(kb)))
                .post("/v1/knowledge-services").then().statusCode(201).extract().path("service_resource_id");

        JsonPath match = retrieval(project).body(Map.of("prompt", "What causes the tides?", "top_k", 3))
                .post("/v1/vector/match").then().statusCode(200).extract().jsonPath();
        assertEquals(1, match.getInt("total"));
        assertEquals(doc, match.getString("list[0].data_id"));
        assertEquals("tides.md", match.getString("list[0].document_name"));
        assertTrue(match.getString("list[0].content").contains("gravitational pull"));
        assertTrue(match.getDouble("list[0].score") > 0.5 && match.getDouble("list[0].score") <= 1);

        JsonPath rag = retrieval(project).body(Map.of("query", "spring tides and the moon"))
                .post("/v1/rag/query").then().statusCode(200).extract().jsonPath();
        assertEquals(doc, rag.getString("results[0].document_id"));
        assertEquals("sea", rag.getString("results[0].metadata.topic"));
        assertEquals(0, rag.getInt("results[0].chunk_ordinal"));
        assertEquals(1, chatCount(service, "Why do sea levels rise and fall?"));
        assertEquals(1, vectorMatchCount("gravitational", 0));

        Stack.post(project, "/v1/documents/" + doc + "/deactivate");
        await().atMost(Duration.ofSeconds(30)).until(() -> vectorMatchCount("tides", 1) == 0);
        assertEquals(0, vectorMatchCount("gravitational", 0));
        assertEquals(0, ragCount("tides"));
        assertEquals(0, chatCount(service, "tides"));

        Stack.post(project, "/v1/documents/" + doc + "/activate");
        await().atMost(Duration.ofSeconds(30)).until(() -> vectorMatchCount("tides", 1) == 1);

        ingestion(project).delete("/v1/documents/" + doc).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> vectorMatchCount("tides", 1) == 0);
        assertEquals(0, vectorMatchCount("gravitational", 0));
        assertEquals(0, ragCount("tides"));
        assertEquals(0, chatCount(service, "tides"));
    }

    @Test
    void reChunkingSwapsVersionsWithoutShowingBoth() {
        String kb = createKnowledgeBase(project, "rechunk", null);
        String doc = upload(project, kb, "tides.md", TEXT, null);
        assertEquals(1, vectorMatchCount("tides", 1));

        ingestion(project).contentType("application/json")
                .body(Map.of("chunk_strategy", "sentence", "chunk_size", 20, "chunk_overlap", 0))
                .patch("/v1/documents/" + doc + "/chunking").then().statusCode(202);
        // While version 2 is built readers see version 1's single chunk; afterwards only version 2's.
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            seen.add(vectorMatchCount("tides", 1));
            return "ready".equals(Stack.document(project, doc).getString("status"))
                    && Stack.document(project, doc).getInt("version") == 2;
        });
        int total = Stack.document(project, doc).getInt("chunks_total");
        assertTrue(total > 1, "sentence chunking splits the text");
        await().atMost(Duration.ofSeconds(10)).until(() -> vectorMatchCount("tides", 1) == total);
        seen.add(total);
        assertEquals(java.util.Set.of(1, total), seen, "only whole versions are ever visible");
    }

    @Test
    void aKnowledgeBaseOnARemoteModelIsIndexedAndSearchedThroughIt() {
        String kb = createKnowledgeBase(project, "remote", RemoteEmbeddingServer.MODEL_ID);
        String doc = upload(project, kb, "kumquats.txt", "Pallets of kumquats ship from Valencia every Tuesday.\n\n"
                + "Invoices are due within thirty days of delivery.", null);
        retrieval(project).body(Map.of("prompt", "kumquat shipments from Valencia", "group_ids", List.of(kb)))
                .post("/v1/vector/match").then().statusCode(200)
                .body("list[0].data_id", org.hamcrest.Matchers.equalTo(doc))
                .body("list[0].content", containsString("kumquats"));
    }

    @Test
    void chineseDocumentsAreFoundByKeywords() {
        String kb = createKnowledgeBase(project, "zh", "baai/bge-small-zh-v1.5");
        String doc = upload(project, kb, "向量.md", "向量数据库支持混合检索，也支持关键词检索。\n\n今天的天气很好。", null);
        JsonPath byKeyword = retrieval(project).body(Map.of("prompt", "混合检索", "embedding_rate", 0))
                .post("/v1/vector/match").then().statusCode(200).extract().jsonPath();
        assertEquals(doc, byKeyword.getString("list[0].data_id"));
        retrieval(project).body(Map.of("prompt", "数据库", "embedding_rate", 0.5)).post("/v1/vector/match")
                .then().statusCode(200).body("list[0].content", containsString("向量数据库"));
    }
}
