package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.retrieval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Knowledge services ({@code /v1/knowledge-services}): validation, defaults, CRUD, project isolation. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class KnowledgeServiceTest {
    static String project;
    static String kb1;
    static String kb2;

    @BeforeAll
    static void knowledgeBases() {
        project = Stack.newProject();
        kb1 = createKnowledgeBase(project, "one", null);
        kb2 = createKnowledgeBase(project, "two", null);
    }

    private static JsonPath create(String project, Map<String, Object> body) {
        return retrieval(project).body(body).post("/v1/knowledge-services").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void createAppliesDefaults() {
        JsonPath s = create(project, Map.of("name", "  defaults  ", "knowledge_base_ids", List.of(kb1, kb1)));
        String id = s.getString("service_resource_id");
        assertNotNull(id);
        assertFalse(id.isBlank());
        assertEquals("defaults", s.getString("name"));
        assertEquals(10, s.getInt("top_k"));
        assertEquals(0.0, s.getDouble("keyword_weight"));
        assertEquals(0.0, s.getDouble("min_score"));
        assertNull(s.get("rerank"));
        assertNull(s.get("doc_filter"));
        assertEquals(List.of(kb1), s.getList("knowledge_base_ids"), "duplicates collapse");
        assertNotNull(s.getString("created_at"));
        assertNotNull(s.getString("updated_at"));
        JsonPath got = retrieval(project).get("/v1/knowledge-services/" + id).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(s.getMap("$"), got.getMap("$"));
    }

    @Test
    void createKeepsEverySetting() {
        Map<String, Object> filter = Map.of("op", "must", "field", "team", "conds", List.of("a"));
        JsonPath s = create(project, Map.of("name", "full", "description", "all set",
                "knowledge_base_ids", List.of(kb1, kb2), "top_k", 3, "keyword_weight", 0.25,
                "rerank", "jina-reranker-v2-base-multilingual", "min_score", 0.2, "doc_filter", filter));
        assertEquals("all set", s.getString("description"));
        assertEquals(List.of(kb1, kb2), s.getList("knowledge_base_ids"));
        assertEquals(3, s.getInt("top_k"));
        assertEquals(0.25, s.getDouble("keyword_weight"), 1e-9);
        assertEquals(0.2, s.getDouble("min_score"), 1e-9);
        assertEquals("jina-reranker-v2-base-multilingual", s.getString("rerank"));
        assertEquals(filter, s.getMap("doc_filter"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no name|{\"knowledge_base_ids\":[\"KB1\"]}|name",
            "blank name|{\"name\":\" \",\"knowledge_base_ids\":[\"KB1\"]}|name",
            "no knowledge bases|{\"name\":\"x\"}|knowledge_base_ids",
            "empty knowledge bases|{\"name\":\"x\",\"knowledge_base_ids\":[]}|knowledge_base_ids",
            "unknown knowledge base|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\",\"UNKNOWN\"]}|knowledge_base_ids",
            "null knowledge base|{\"name\":\"x\",\"knowledge_base_ids\":[null]}|knowledge_base_ids",
            "top_k 0|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],\"top_k\":0}|top_k",
            "top_k 201|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],\"top_k\":201}|top_k",
            "keyword_weight 2|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],\"keyword_weight\":2}|keyword_weight",
            "min_score -1|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],\"min_score\":-1}|min_score",
            "unconfigured rerank|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],\"rerank\":\"nope\"}|rerank",
            "op between|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],"
                    + "\"doc_filter\":{\"op\":\"between\",\"field\":\"year\",\"conds\":[1,2]}}|doc_filter",
            "range without bounds|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],"
                    + "\"doc_filter\":{\"op\":\"range\",\"field\":\"year\"}}|doc_filter",
            "and without conds|{\"name\":\"x\",\"knowledge_base_ids\":[\"KB1\"],"
                    + "\"doc_filter\":{\"op\":\"and\",\"conds\":[]}}|doc_filter",
    })
    void invalidCreatesAre400(String name, String json, String param) {
        String body = json.replace("KB1", kb1).replace("UNKNOWN", UUID.randomUUID().toString());
        Map<String, Object> error = Envelopes.openAi(retrieval(project).body(body).post("/v1/knowledge-services"),
                400, "invalid_parameter");
        assertTrue(((String) error.get("param")).startsWith(param), error.toString());
    }

    @Test
    void listIsPagedNewestFirst() {
        String p = Stack.newProject();
        String kb = createKnowledgeBase(p, "paged", null);
        String first = create(p, Map.of("name", "first", "knowledge_base_ids", List.of(kb)))
                .getString("service_resource_id");
        String second = create(p, Map.of("name", "second", "knowledge_base_ids", List.of(kb)))
                .getString("service_resource_id");
        String third = create(p, Map.of("name", "third", "knowledge_base_ids", List.of(kb)))
                .getString("service_resource_id");
        JsonPath page1 = retrieval(p).queryParam("page", 1).queryParam("page_size", 2)
                .get("/v1/knowledge-services").then().statusCode(200).extract().jsonPath();
        assertEquals(3, page1.getInt("total"));
        assertEquals(1, page1.getInt("page"));
        assertEquals(2, page1.getInt("page_size"));
        assertEquals(List.of(third, second), page1.getList("data.service_resource_id"));
        JsonPath page2 = retrieval(p).queryParam("page", 2).queryParam("page_size", 2)
                .get("/v1/knowledge-services").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(first), page2.getList("data.service_resource_id"));
        assertEquals(3, page2.getInt("total"));
        JsonPath defaults = retrieval(p).get("/v1/knowledge-services").then().statusCode(200).extract().jsonPath();
        assertEquals(1, defaults.getInt("page"));
        assertEquals(20, defaults.getInt("page_size"));
        assertEquals(3, defaults.getList("data").size());
        Envelopes.openAi(retrieval(p).queryParam("page_size", 101).get("/v1/knowledge-services"), 400, null);
    }

    @Test
    void patchChangesOnlyTheGivenFields() {
        JsonPath before = create(project, Map.of("name", "patchable", "description", "keep me",
                "knowledge_base_ids", List.of(kb1), "top_k", 7, "keyword_weight", 0.3));
        String id = before.getString("service_resource_id");
        JsonPath after = retrieval(project).body(Map.of("name", "renamed")).patch("/v1/knowledge-services/" + id)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("renamed", after.getString("name"));
        assertEquals("keep me", after.getString("description"));
        assertEquals(List.of(kb1), after.getList("knowledge_base_ids"));
        assertEquals(7, after.getInt("top_k"));
        assertEquals(0.3, after.getDouble("keyword_weight"), 1e-9);
        assertEquals(before.getString("created_at"), after.getString("created_at"));

        JsonPath again = retrieval(project).body(Map.of("knowledge_base_ids", List.of(kb2), "top_k", 4))
                .patch("/v1/knowledge-services/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("renamed", again.getString("name"));
        assertEquals(List.of(kb2), again.getList("knowledge_base_ids"));
        assertEquals(4, again.getInt("top_k"));
        assertEquals(0.3, again.getDouble("keyword_weight"), 1e-9);

        // An invalid patch changes nothing.
        Envelopes.openAi(retrieval(project).body(Map.of("name", "bad", "top_k", 0))
                .patch("/v1/knowledge-services/" + id), 400, "invalid_parameter");
        JsonPath got = retrieval(project).get("/v1/knowledge-services/" + id).then().statusCode(200).extract()
                .jsonPath();
        assertEquals("renamed", got.getString("name"));
        assertEquals(4, got.getInt("top_k"));
    }

    @Test
    void deleteThenGetIs404() {
        String id = create(project, Map.of("name", "doomed", "knowledge_base_ids", List.of(kb1)))
                .getString("service_resource_id");
        retrieval(project).delete("/v1/knowledge-services/" + id).then().statusCode(204);
        Envelopes.openAi(retrieval(project).get("/v1/knowledge-services/" + id), 404, "knowledge_service_not_found");
        Envelopes.openAi(retrieval(project).delete("/v1/knowledge-services/" + id), 404, null);
    }

    @Test
    void anotherProjectCannotSeeOrChangeIt() {
        String id = create(project, Map.of("name", "private", "knowledge_base_ids", List.of(kb1)))
                .getString("service_resource_id");
        String other = Stack.newProject();
        Envelopes.openAi(retrieval(other).get("/v1/knowledge-services/" + id), 404, "knowledge_service_not_found");
        Envelopes.openAi(retrieval(other).body(Map.of("name", "stolen")).patch("/v1/knowledge-services/" + id), 404,
                null);
        Envelopes.openAi(retrieval(other).delete("/v1/knowledge-services/" + id), 404, null);
        assertEquals(0, retrieval(other).get("/v1/knowledge-services").then().statusCode(200).extract()
                .jsonPath().getInt("total"));
        // Nor can it point a service of its own at this project's knowledge bases.
        Envelopes.openAi(retrieval(other).body(Map.of("name", "x", "knowledge_base_ids", List.of(kb1)))
                .post("/v1/knowledge-services"), 400, "invalid_parameter");
        assertEquals("private", retrieval(project).get("/v1/knowledge-services/" + id).then().statusCode(200)
                .extract().path("name"));
    }
}
