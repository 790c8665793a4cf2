package dev.lore.llm.rerank;

import static dev.lore.llm.rerank.RecordingServer.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lore.llm.rerank.RecordingServer.Reply;
import dev.lore.llm.rerank.RecordingServer.Request;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpRerankerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String QUERY = "What is the capital of the United States?";
    /** The documents of Cohere's rerank example, which the recorded payloads rank. */
    private static final List<String> DOCUMENTS = List.of(
            "Carson City is the capital city of the American state of Nevada.",
            "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. "
                    + "Its capital is Saipan.",
            "Capitalization or capitalisation in English grammar is the use of a capital letter at the start of a "
                    + "word. English usage varies from capitalization in other languages.",
            "Washington, D.C. (also known as simply Washington or D.C., and officially as the District of Columbia) "
                    + "is the capital of the United States. It is a federal district.",
            "Capital punishment has existed in the United States since before the United States was a country. "
                    + "As of 2017, capital punishment is legal in 30 of the 50 states.");

    @Test
    void teiRanksWithNormalisedScoresAndNoAuthorization() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> Reply.recorded(200, "tei.json"))) {
            Reranker reranker = reranker(RerankerSettings.of("BGE-Rerank", RerankApi.TEI, server.url("/tei/"), null, null));

            List<RerankResult> results = reranker.rerank(QUERY, DOCUMENTS);

            assertEquals(List.of(new RerankResult(3, 0.9993857), new RerankResult(0, 0.09813512),
                    new RerankResult(4, 0.018574364), new RerankResult(1, 0.0021376382),
                    new RerankResult(2, 0.00015478107)), results);
            assertTrue(DOCUMENTS.get(results.getFirst().index()).startsWith("Washington, D.C."));
            Request request = single(server);
            assertEquals("POST", request.method());
            assertEquals("/tei/rerank", request.path());
            assertEquals("application/json", request.header("Content-Type"));
            assertNull(request.header("Authorization"));
            ObjectNode expected = JSON.createObjectNode().put("query", QUERY);
            DOCUMENTS.forEach(expected.putArray("texts")::add);
            expected.put("raw_scores", false).put("return_text", false).put("truncate", true);
            assertEquals(expected, request.body());
        }
    }

    @Test
    void jinaSendsModelKeyAndTopNAndIgnoresUsage() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> Reply.recorded(200, "jina.json"))) {
            Reranker reranker = reranker(RerankerSettings.of("Jina-reranker-v2-base-multilingual", RerankApi.JINA,
                    server.url("/v1/rerank"), "jina-reranker-v2-base-multilingual", "jina_test_key"));

            List<RerankResult> results = reranker.rerank(QUERY, DOCUMENTS);

            assertEquals(List.of(3, 4, 0, 1, 2), indices(results));
            assertEquals(0.8935281038284302, results.getFirst().score());
            Request request = single(server);
            assertEquals("/v1/rerank", request.path());
            assertEquals("Bearer jina_test_key", request.header("Authorization"));
            ObjectNode expected = JSON.createObjectNode()
                    .put("model", "jina-reranker-v2-base-multilingual").put("query", QUERY);
            DOCUMENTS.forEach(expected.putArray("documents")::add);
            expected.put("top_n", 5).put("return_documents", false);
            assertEquals(expected, request.body());
        }
    }

    @Test
    void cohereSendsModelKeyAndTopNAndIgnoresMeta() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> Reply.recorded(200, "cohere.json"))) {
            Reranker reranker = reranker(RerankerSettings.of("Cohere", RerankApi.COHERE, server.url("/v2/rerank"),
                    "rerank-v3.5", "co_test_key"));

            List<RerankResult> results = reranker.rerank(QUERY, DOCUMENTS);

            assertEquals(List.of(3, 0, 4, 1, 2), indices(results));
            assertEquals(0.999071, results.getFirst().score());
            Request request = single(server);
            assertEquals("/v2/rerank", request.path());
            assertEquals("Bearer co_test_key", request.header("Authorization"));
            ObjectNode expected = JSON.createObjectNode().put("model", "rerank-v3.5").put("query", QUERY);
            DOCUMENTS.forEach(expected.putArray("documents")::add);
            expected.put("top_n", 5);
            assertEquals(expected, request.body());
        }
    }

    @ParameterizedTest
    @EnumSource(RerankApi.class)
    void batchesOverMaxDocumentsAndMergesWithGlobalIndices(RerankApi api) throws IOException {
        // Best documents sit in different batches, so a per-batch or unmerged order would show.
        Map<String, Double> scores = Map.of(DOCUMENTS.get(0), 0.2, DOCUMENTS.get(1), 0.9, DOCUMENTS.get(2), 0.5,
                DOCUMENTS.get(3), 0.1, DOCUMENTS.get(4), 0.7);
        String field = api == RerankApi.TEI ? "texts" : "documents";
        try (RecordingServer server = new RecordingServer(r -> scoreBy(api, r.body().get(field), scores::get))) {
            Reranker reranker = reranker(RerankerSettings.of("batched", api, server.url("/rerank-api"), "model", null)
                    .withMaxDocuments(2));

            List<RerankResult> results = reranker.rerank(QUERY, DOCUMENTS);

            assertEquals(List.of(new RerankResult(1, 0.9), new RerankResult(4, 0.7), new RerankResult(2, 0.5),
                    new RerankResult(0, 0.2), new RerankResult(3, 0.1)), results);
            List<List<String>> sent = server.requests().stream().map(r -> texts(r.body().get(field))).toList();
            assertEquals(List.of(DOCUMENTS.subList(0, 2), DOCUMENTS.subList(2, 4), DOCUMENTS.subList(4, 5)), sent);
            if (api != RerankApi.TEI) {
                assertEquals(List.of(2, 2, 1), server.requests().stream().map(r -> r.body().get("top_n").asInt()).toList());
            }
        }
    }

    @Test
    void unauthorizedBecomesRerankExceptionWithStatusAndBodyExcerpt() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> Reply.recorded(401, "cohere-401.json"))) {
            Reranker reranker = reranker(RerankerSettings.of("Cohere", RerankApi.COHERE, server.url("/v2/rerank"),
                    "rerank-v3.5", "wrong"));

            RerankException e = assertThrows(RerankException.class, () -> reranker.rerank(QUERY, DOCUMENTS));

            assertTrue(e.getMessage().startsWith("Reranker 'Cohere' returned HTTP 401"), e.getMessage());
            assertTrue(e.getMessage().contains("invalid api token"), e.getMessage());
            assertEquals(OptionalInt.of(401), e.httpStatus());
            assertEquals("Cohere", e.reranker());
        }
    }

    @Test
    void serverErrorBecomesRerankExceptionWithStatus() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> Reply.recorded(500, "tei-500.json"))) {
            Reranker reranker = reranker(RerankerSettings.of("BGE-Rerank", RerankApi.TEI, server.url(""), null, null));

            RerankException e = assertThrows(RerankException.class, () -> reranker.rerank(QUERY, DOCUMENTS));

            assertTrue(e.getMessage().contains("'BGE-Rerank' returned HTTP 500"), e.getMessage());
            assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
            assertEquals(OptionalInt.of(500), e.httpStatus());
        }
    }

    @Test
    void slowServerTimesOut() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> RecordingServer.hang())) {
            Reranker reranker = reranker(RerankerSettings.of("slow", RerankApi.TEI, server.url(""), null, null)
                    .withTimeout(Duration.ofMillis(300)));

            RerankException e = assertThrows(RerankException.class, () -> reranker.rerank(QUERY, DOCUMENTS));

            assertTrue(e.getMessage().contains("'slow' timed out after 300 ms"), e.getMessage());
            assertInstanceOf(HttpTimeoutException.class, e.getCause());
            assertEquals(OptionalInt.empty(), e.httpStatus());
        }
    }

    @Test
    void unreachableServerBecomesRerankException() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Reranker reranker = reranker(RerankerSettings.of("down", RerankApi.TEI, "http://127.0.0.1:" + port, null, null));

        RerankException e = assertThrows(RerankException.class, () -> reranker.rerank(QUERY, DOCUMENTS));

        assertTrue(e.getMessage().contains("'down' could not reach http://127.0.0.1:" + port + "/rerank"),
                e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void nonJsonBodyIsMalformed() throws IOException {
        assertMalformed(RerankApi.TEI, Reply.ok("<html><body>Bad Gateway</body></html>"), "not JSON");
    }

    @Test
    void missingResultsArrayIsMalformed() throws IOException {
        assertMalformed(RerankApi.COHERE, Reply.ok("{\"id\":\"x\",\"meta\":{}}"), "no results array");
    }

    @Test
    void resultWithoutScoreIsMalformed() throws IOException {
        assertMalformed(RerankApi.JINA, Reply.ok("{\"results\":[{\"index\":0,\"score\":0.5}]}"),
                "numeric relevance_score");
    }

    @Test
    void outOfRangeIndexIsAnError() throws IOException {
        String body = """
                {"results":[{"index":0,"relevance_score":0.9},{"index":7,"relevance_score":0.8}]}""";
        assertMalformed(RerankApi.COHERE, Reply.ok(body), "result index 7 is out of range for 5 documents");
    }

    @Test
    void missingResultsAreAnError() throws IOException {
        // What a server that caps top_n below the batch size answers.
        String body = """
                {"results":[{"index":3,"relevance_score":0.9},{"index":0,"relevance_score":0.8}]}""";
        assertMalformed(RerankApi.COHERE, Reply.ok(body), "only 2 results for 5 documents");
    }

    @Test
    void duplicateIndexIsAnError() throws IOException {
        String body = """
                [{"index":1,"score":0.9},{"index":1,"score":0.8},{"index":0,"score":0.1},
                 {"index":2,"score":0.1},{"index":3,"score":0.1}]""";
        assertMalformed(RerankApi.TEI, Reply.ok(body), "result index 1 appears twice");
    }

    @Test
    void scoresOutsideUnitIntervalAreClamped() throws IOException {
        // A server that ignores raw_scores=false answers with logits.
        String body = """
                [{"index":1,"score":4.25},{"index":0,"score":-2.5}]""";
        try (RecordingServer server = new RecordingServer(r -> Reply.ok(body))) {
            Reranker reranker = reranker(RerankerSettings.of("raw", RerankApi.TEI, server.url(""), null, null));

            assertEquals(List.of(new RerankResult(1, 1.0), new RerankResult(0, 0.0)),
                    reranker.rerank(QUERY, DOCUMENTS.subList(0, 2)));
        }
    }

    @Test
    void emptyDocumentsMakeNoRequest() throws IOException {
        try (RecordingServer server = new RecordingServer(r -> Reply.recorded(200, "cohere.json"))) {
            Reranker reranker = reranker(RerankerSettings.of("Cohere", RerankApi.COHERE, server.url("/v2/rerank"),
                    "rerank-v3.5", "key"));

            assertEquals(List.of(), reranker.rerank(QUERY, List.of()));
            assertEquals(List.of(), server.requests());
        }
    }

    private static void assertMalformed(RerankApi api, Reply reply, String problem) throws IOException {
        try (RecordingServer server = new RecordingServer(r -> reply)) {
            Reranker reranker = reranker(RerankerSettings.of("broken", api, server.url("/rerank-api"), "model", null));

            RerankException e = assertThrows(RerankException.class, () -> reranker.rerank(QUERY, DOCUMENTS));

            assertTrue(e.getMessage().startsWith("Reranker 'broken' returned a malformed response"), e.getMessage());
            assertTrue(e.getMessage().contains(problem), e.getMessage());
            assertEquals(OptionalInt.empty(), e.httpStatus());
        }
    }

    /** Answers like the real API would: a ranking of the batch it was sent, best first, local indices. */
    private static Reply scoreBy(RerankApi api, JsonNode texts, Function<String, Double> score) {
        List<ObjectNode> ranked = new ArrayList<>();
        String field = api == RerankApi.TEI ? "score" : "relevance_score";
        for (int i = 0; i < texts.size(); i++) {
            ranked.add(JSON.createObjectNode().put("index", i).put(field, score.apply(texts.get(i).asText())));
        }
        ranked.sort(Comparator.comparingDouble((ObjectNode n) -> n.get(field).asDouble()).reversed());
        ArrayNode results = JSON.createArrayNode().addAll(ranked);
        JsonNode body = api == RerankApi.TEI ? results : JSON.createObjectNode().set("results", results);
        return Reply.ok(body.toString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Reranker reranker(RerankerSettings settings) {
        return new HttpReranker(settings, CLIENT);
    }

    private static Request single(RecordingServer server) {
        assertEquals(1, server.requests().size());
        return server.requests().getFirst();
    }

    private static List<Integer> indices(List<RerankResult> results) {
        return results.stream().map(RerankResult::index).toList();
    }
}
