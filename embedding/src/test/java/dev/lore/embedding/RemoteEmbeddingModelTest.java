package dev.lore.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote model against a loopback stand-in for OpenAI's {@code POST /v1/embeddings} (a paid
 * API), answering in OpenAI's documented shape: {@code {"object":"list","data":[{"object":
 * "embedding","index":i,"embedding":[…]}],"model":…,"usage":{…}}}. Its vectors are not unit
 * length and come back in reverse order, as a server may send them.
 */
class RemoteEmbeddingModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIMENSION = 4;

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Status codes to answer before answering normally. */
    private final List<Integer> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private int dimension = DIMENSION;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/embeddings", this::embeddings);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void embeddings(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        JsonNode body = JSON.readTree(ex.getRequestBody());
        requests.add(body);
        authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
        if (!failures.isEmpty()) {
            int status = failures.removeFirst();
            answer(ex, status, "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                    + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
            return;
        }
        ArrayNode data = JSON.createArrayNode();
        JsonNode input = body.path("input");
        for (int i = input.size() - 1; i >= 0; i--) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode values = item.putArray("embedding");
            String text = input.get(i).asText();
            for (int d = 0; d < dimension; d++) {
                values.add(d == 0 ? 3.0 : d == 1 ? 4.0 : text.length() % (d + 2));
            }
        }
        ObjectNode out = JSON.createObjectNode().put("object", "list").put("model", body.path("model").asText());
        out.set("data", data);
        out.putObject("usage").put("prompt_tokens", 8).put("total_tokens", 8);
        answer(ex, 200, out.toString());
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (status == 429) {
            ex.getResponseHeaders().set("Retry-After", "0");
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private RemoteEmbeddingModel model(int batchSize) {
        RemoteModel remote = new RemoteModel("openai/text-embedding-3-small",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "sk-test", "text-embedding-3-small",
                DIMENSION, 8191, batchSize, Duration.ofSeconds(5), Duration.ofMillis(10));
        ModelSpec spec = new ModelSpec(remote.id(), new ModelSource.Remote(remote), DIMENSION, null, 8191, null, null);
        return new RemoteEmbeddingModel(spec, remote);
    }

    @Test
    void batchesKeepInputOrderAndVectorsComeBackUnitLength() {
        List<String> texts = List.of("a", "bb", "ccc", "dddd", "eeeee");
        List<float[]> vectors = model(2).embedTexts(texts);
        assertEquals(3, requests.size(), "5 texts in batches of 2");
        assertEquals("text-embedding-3-small", requests.get(0).path("model").asText());
        assertEquals("float", requests.get(0).path("encoding_format").asText());
        List<String> sent = new ArrayList<>();
        requests.forEach(r -> r.path("input").forEach(t -> sent.add(t.asText())));
        assertEquals(texts, sent);
        assertTrue(authorizations.stream().allMatch("Bearer sk-test"::equals), authorizations.toString());
        for (int i = 0; i < texts.size(); i++) {
            float[] v = vectors.get(i);
            double norm = 0;
            for (float f : v) {
                norm += f * f;
            }
            assertEquals(1.0, norm, 1e-5);
            // the third component encodes the text's length: each vector is its own text's
            assertEquals(texts.get(i).length() % 4, v[2] * Math.sqrt(25 + sq(texts.get(i).length() % 4)
                    + sq(texts.get(i).length() % 5)), 1e-4);
        }
    }

    private static double sq(double x) {
        return x * x;
    }

    @Test
    void rateLimitsAndServerErrorsAreRetried() {
        failures.addAll(List.of(429, 503));
        assertEquals(1, model(8).embedTexts(List.of("hello")).size());
        assertEquals(3, calls.get());
    }

    @Test
    void aRefusalFailsAtOnceWithTheServersMessage() {
        failures.add(400);
        RemoteEmbeddingException e = assertThrows(RemoteEmbeddingException.class,
                () -> model(8).embedTexts(List.of("hello")));
        assertEquals(1, calls.get());
        assertFalse(e.unavailable(), "a refusal is not an outage");
        assertTrue(e.getMessage().contains("openai/text-embedding-3-small") && e.getMessage().contains("400")
                && e.getMessage().contains("Rate limit reached"), e.getMessage());
    }

    @Test
    void persistentFailureGivesUpAfterBoundedAttempts() {
        failures.addAll(List.of(503, 503, 503, 503, 503));
        RemoteEmbeddingException e = assertThrows(RemoteEmbeddingException.class,
                () -> model(8).embedTexts(List.of("hello")));
        assertEquals(RemoteEmbeddingModel.ATTEMPTS, calls.get());
        assertTrue(e.getMessage().contains("after " + RemoteEmbeddingModel.ATTEMPTS + " attempts"), e.getMessage());
        assertTrue(e.unavailable(), "an endpoint failing through every attempt is an outage");
    }

    @Test
    void aWrongDimensionIsAnError() {
        dimension = 3;
        RemoteEmbeddingException e = assertThrows(RemoteEmbeddingException.class,
                () -> model(8).embedTexts(List.of("hello")));
        assertTrue(e.getMessage().contains("returned 3 dimensions, not the 4 configured"), e.getMessage());
    }

    @Test
    void modelsAreOfferedAndChunkedInCl100kTokens() {
        RemoteModel remote = new RemoteModel("openai/text-embedding-3-small", URI.create("http://127.0.0.1:1/v1"), null,
                "text-embedding-3-small", 1536, 8191, 32, Duration.ofSeconds(1), Duration.ofMillis(10));
        EmbeddingModels models = new EmbeddingModels(Runnable::run, null, List.of(remote));
        ModelSpec spec = models.spec("openai/text-embedding-3-small");
        assertEquals(1536, spec.dimension());
        assertEquals(8191, spec.maxContentTokens(), "no [CLS]/[SEP] to reserve");
        TextTokenizer tokens = models.tokenizer("openai/text-embedding-3-small");
        assertEquals(2, tokens.countTokens("hello world"));
        assertEquals(List.of(5, 11), boxed(tokens.tokenEnds("hello world")));
        String mixed = "Refunds 退款 take 30 days 🙂.";
        int[] ends = tokens.tokenEnds(mixed);
        assertEquals(tokens.countTokens(mixed), ends.length);
        for (int i = 1; i < ends.length; i++) {
            assertTrue(ends[i] >= ends[i - 1], "token ends never go back");
        }
        assertEquals(mixed.length(), ends[ends.length - 1]);
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingModels(Runnable::run, null, List.of(
                new RemoteModel(EmbeddingModels.BGE_SMALL_EN, URI.create("http://127.0.0.1:1/v1"), null, "x", 384, 512,
                        32, Duration.ofSeconds(1), Duration.ofMillis(10)))), "a bundled model's id cannot be taken");
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
