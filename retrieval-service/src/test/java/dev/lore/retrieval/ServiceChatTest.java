package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.retrieval;
import static dev.lore.retrieval.Stack.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VikingDB {@code service_chat} ({@code POST /api/knowledge/service/chat}) in retrieval mode. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class ServiceChatTest {
    static final String PATH = "/api/knowledge/service/chat";

    static String project;
    static String kb;
    static String teamA;
    static String teamB;
    static String teamC;
    static String outside;
    static String service;
    static String filteredService;

    /** Once per class; not in a static @BeforeAll, where REST Assured does not point at the app yet. */
    @BeforeEach
    void documents() {
        if (project != null) {
            return;
        }
        project = Stack.newProject();
        kb = createKnowledgeBase(project, "ferries", null);
        String otherKb = createKnowledgeBase(project, "elsewhere", null);
        teamA = submit(project, kb, "team-a.md", "# Harbour guide\n\nThe harbour opens at dawn and ferries leave every hour.\n",
                "{\"team\":\"a\",\"year\":2023}", Map.of("chunk_strategy", "markdown"));
        teamB = submit(project, kb, "team-b.md", "Ferries to the island are cancelled during storms.",
                "{\"team\":\"b\",\"year\":2025}", Map.of());
        teamC = submit(project, kb, "team-c.md", "The ferry ticket office sells day passes.",
                "{\"team\":\"c\",\"year\":2024}", Map.of());
        outside = submit(project, otherKb, "other.md", "Ferry timetables for the northern coast.",
                "{\"team\":\"a\",\"year\":2024}", Map.of());
        Stack.awaitReady(project, teamA, teamB, teamC, outside);
        service = retrieval(project).body(Map.of("name", "ferries", "knowledge_base_ids", List.of(kb)))
                .post("/v1/knowledge-services").then().statusCode(201).extract().path("service_resource_id");
        filteredService = retrieval(project).body(Map.of("name", "not b", "knowledge_base_ids", List.of(kb),
                        "doc_filter", Map.of("op", "must_not", "field", "team", "conds", List.of("b"))))
                .post("/v1/knowledge-services").then().statusCode(201).extract().path("service_resource_id");
    }

    private static Map<String, Object> request(String service, Object messages, Map<String, Object> docFilter) {
        Map<String, Object> body = new HashMap<>();
        body.put("service_resource_id", service);
        body.put("messages", messages);
        body.put("stream", false);
        if (docFilter != null) {
            body.put("query_param", Map.of("doc_filter", docFilter));
        }
        return body;
    }

    private static List<Map<String, Object>> user(String text) {
        return List.of(Map.of("role", "user", "content", text));
    }

    private static JsonPath chat(String service, String query, Map<String, Object> docFilter) {
        JsonPath r = retrieval(project).body(request(service, user(query), docFilter)).post(PATH)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(0, r.getInt("code"), r.prettify());
        assertEquals(r.getList("data.result_list").size(), r.getInt("data.count"));
        return r;
    }

    private static Set<String> docs(String service, Map<String, Object> docFilter) {
        return Set.copyOf(chat(service, "ferry", docFilter).getList("data.result_list.doc_info.doc_id", String.class));
    }

    @Test
    void nonStreamingAnswersOneEnvelope() {
        Response response = retrieval(project).header("X-Request-Id", "req-chat-1")
                .body(request(service, user("When do ferries leave the harbour?"), null)).post(PATH);
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        JsonPath r = response.jsonPath();
        assertEquals(0, r.getInt("code"));
        assertFalse(r.getString("message").isBlank());
        assertEquals("req-chat-1", r.getString("request_id"));
        assertEquals(Set.of("count", "rewrite_query", "token_usage", "result_list", "end"), r.getMap("data").keySet());
        assertEquals(3, r.getInt("data.count"));
        assertEquals("When do ferries leave the harbour?", r.getString("data.rewrite_query"));
        assertTrue(r.getBoolean("data.end"));
        assertTrue(r.getInt("data.token_usage.embedding_token_usage.prompt_tokens") > 0, r.prettify());

        List<Map<String, Object>> items = r.getList("data.result_list");
        assertEquals(Set.of(teamA, teamB, teamC),
                Set.copyOf(r.getList("data.result_list.doc_info.doc_id", String.class)), "only the service's KB");
        assertEquals(teamA, r.getString("data.result_list[0].doc_info.doc_id"));
        long now = System.currentTimeMillis() / 1000;
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < items.size(); i++) {
            String at = "data.result_list[" + i + "].";
            Map<String, Object> item = items.get(i);
            assertTrue(item.keySet().containsAll(Set.of("id", "content", "md_content", "score", "point_id", "chunk_id",
                    "recall_position", "chunk_type", "update_time", "doc_info")), item.toString());
            assertFalse(item.containsKey("rerank_score"), "not reranked");
            assertFalse(item.containsKey("rerank_position"), "not reranked");
            assertEquals(r.getString(at + "point_id"), r.getString(at + "id"));
            assertEquals(r.getString(at + "content"), r.getString(at + "md_content"));
            assertEquals(i + 1, r.getInt(at + "recall_position"));
            assertEquals(0, r.getInt(at + "chunk_id"));
            assertEquals("text", r.getString(at + "chunk_type"));
            double score = r.getDouble(at + "score");
            assertTrue(score > 0 && score <= 1 && score <= previous, "scores best first");
            previous = score;
            long updated = r.getLong(at + "update_time");
            assertTrue(Math.abs(now - updated) < 3600, "update_time in seconds: " + updated);
            String name = r.getString(at + "doc_info.doc_name");
            assertEquals("md", r.getString(at + "doc_info.doc_type"));
            assertEquals(name.substring(0, name.length() - 3), r.getString(at + "doc_info.title"));
            String doc = r.getString(at + "doc_info.doc_id");
            if (doc.equals(teamA)) {
                assertEquals("team-a.md", name);
                assertEquals("Harbour guide", r.getString(at + "chunk_title"));
                assertTrue(r.getString(at + "content").contains("ferries leave every hour"));
            } else {
                assertFalse(item.containsKey("chunk_title"), "no heading, no chunk_title: " + item);
            }
        }
    }

    @Test
    void streamingSendsAFirstAndALastFrame() {
        Map<String, Object> body = new HashMap<>(request(service, user("ferry tickets"), null));
        body.remove("stream");
        Response response = retrieval(project).header("X-Request-Id", "req-stream-1").body(body).post(PATH);
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/event-stream"), response.contentType());
        String sse = response.asString();
        List<JsonPath> frames = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            if (event.isBlank()) {
                continue;
            }
            assertTrue(event.startsWith("data: "), "an SSE data frame: " + event);
            frames.add(JsonPath.from(event.substring("data: ".length())));
        }
        assertTrue(frames.size() >= 2, sse);
        JsonPath first = frames.get(0);
        assertEquals(0, first.getInt("code"));
        assertEquals("req-stream-1", first.getString("request_id"));
        assertEquals(3, first.getInt("data.count"));
        assertEquals(3, first.getList("data.result_list").size());
        assertEquals("ferry tickets", first.getString("data.rewrite_query"));
        assertFalse(first.getBoolean("data.end"));
        assertEquals(teamC, first.getString("data.result_list[0].doc_info.doc_id"));
        JsonPath last = frames.get(frames.size() - 1);
        assertTrue(last.getBoolean("data.end"));
        assertTrue(last.getInt("data.token_usage.embedding_token_usage.prompt_tokens") > 0);
        for (int i = 0; i < frames.size() - 1; i++) {
            assertFalse(frames.get(i).getBoolean("data.end"), "only the last frame ends the stream");
        }
        assertTrue(sse.endsWith("\n\n"), "nothing after the last frame");

        // stream: true is the same as leaving it out.
        body.put("stream", true);
        Response explicit = retrieval(project).body(body).post(PATH);
        assertTrue(explicit.contentType().startsWith("text/event-stream"), explicit.contentType());
    }

    @Test
    void theLastUserMessageIsTheQuery() {
        List<Map<String, Object>> turns = List.of(
                Map.of("role", "user", "content", "Hello"),
                Map.of("role", "assistant", "content", "Hi! How can I help?"),
                Map.of("role", "user", "content", "Are ferries cancelled in storms?"));
        JsonPath r = retrieval(project).body(request(service, turns, null)).post(PATH)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("Are ferries cancelled in storms?", r.getString("data.rewrite_query"));
        assertEquals(teamB, r.getString("data.result_list[0].doc_info.doc_id"));

        List<Map<String, Object>> parts = List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "Where can I buy a day pass?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/ticket.jpeg")))));
        JsonPath p = retrieval(project).body(request(service, parts, null)).post(PATH)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("Where can I buy a day pass?", p.getString("data.rewrite_query"));
        assertEquals(teamC, p.getString("data.result_list[0].doc_info.doc_id"));
    }

    @Test
    void invalidRequestsAnswerInTheVikingEnvelope() {
        List<Map<String, Object>> assistantLast = List.of(
                Map.of("role", "user", "content", "ferries?"),
                Map.of("role", "assistant", "content", "Every hour."));
        Envelopes.viking(retrieval(project).body(request(service, assistantLast, null)).post(PATH), 400);
        List<Map<String, Object>> imageOnly = List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/a.png")))));
        Envelopes.viking(retrieval(project).body(request(service, imageOnly, null)).post(PATH), 400);
        Envelopes.viking(retrieval(project).body(request(service, List.of(), null)).post(PATH), 400);
        Envelopes.viking(retrieval(project).body(request(service, List.of(Map.of("role", "system", "content", "x"),
                Map.of("role", "user", "content", "ferries")), null)).post(PATH), 400);
        Map<String, Object> noService = new HashMap<>(request(null, user("ferries"), null));
        noService.remove("service_resource_id");
        Envelopes.viking(retrieval(project).body(noService).post(PATH), 400);
        Envelopes.viking(retrieval(project).body("{\"service_resource_id\":").post(PATH), 400);
        Envelopes.viking(retrieval(project).body(request(service, user("ferries"),
                Map.of("op", "between", "field", "year"))).post(PATH), 400);

        Map<String, Object> unknown = Envelopes.viking(retrieval(project).header("X-Request-Id", "req-404")
                .body(request("ks-" + UUID.randomUUID(), user("ferries"), null)).post(PATH), 404);
        assertEquals("req-404", unknown.get("request_id"));
        // Another project's service is unknown too.
        Envelopes.viking(retrieval(Stack.newProject()).body(request(service, user("ferries"), null)).post(PATH), 404);
    }

    @Test
    void docFilterNarrowsTheResults() {
        assertEquals(Set.of(teamA, teamB, teamC), docs(service, null));
        assertEquals(Set.of(teamA), docs(service, Map.of("op", "must", "field", "doc_id", "conds", List.of(teamA))));
        assertEquals(Set.of(teamA, teamC), docs(service, Map.of("op", "must_not", "field", "team",
                "conds", List.of("b"))));
        assertEquals(Set.of(teamB), docs(service, Map.of("op", "must", "field", "doc_name",
                "conds", List.of("team-b.md"))));
        assertEquals(Set.of(teamC), docs(service, Map.of("op", "range", "field", "year", "gte", 2024, "lt", 2025)));
        assertEquals(Set.of(teamB, teamC), docs(service, Map.of("op", "range", "field", "year", "gt", 2023)));
        assertEquals(Set.of(teamA), docs(service, Map.of("op", "range_out", "field", "year", "gte", 2024,
                "lt", 2026)));
        assertEquals(Set.of(teamA, teamB), docs(service, Map.of("op", "or", "conds", List.of(
                Map.of("op", "and", "conds", List.of(
                        Map.of("op", "must", "field", "team", "conds", List.of("a", "c")),
                        Map.of("op", "range", "field", "year", "lt", 2024))),
                Map.of("op", "must", "field", "doc_id", "conds", List.of(teamB))))));
        // The document outside the service's knowledge bases stays out whatever the filter says.
        assertEquals(Set.of(), docs(service, Map.of("op", "must", "field", "doc_id", "conds", List.of(outside))));
    }

    @Test
    void theServiceFilterIsAndedWithTheRequestFilter() {
        assertEquals(Set.of(teamA, teamC), docs(filteredService, null));
        assertEquals(Set.of(teamC), docs(filteredService, Map.of("op", "range", "field", "year", "gte", 2024)));
        assertEquals(Set.of(), docs(filteredService, Map.of("op", "must", "field", "doc_id", "conds", List.of(teamB))));
        assertNull(chat(filteredService, "ferry", Map.of("op", "must", "field", "team", "conds", List.of("zzz")))
                .get("data.result_list[0]"));
    }
}
