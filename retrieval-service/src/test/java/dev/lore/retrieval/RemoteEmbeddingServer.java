package dev.lore.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lore.embedding.EmbeddingModels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback OpenAI-compatible embeddings server ({@code POST /v1/embeddings}, OpenAI's request
 * and answer shape) backed by a real in-process model, standing in for a paid remote endpoint. It
 * is configured in the test profile as the remote model {@link #MODEL_ID}, so a test can check that
 * the remote path gives exactly the vectors of the same model run locally.
 */
final class RemoteEmbeddingServer implements AutoCloseable {
    static final String URL_PROPERTY = "lore-test.remote-embeddings-url";
    static final String MODEL_ID = "remote/bge-small-en-v1.5-q";
    static final String SERVED_MODEL = "baai/bge-small-en-v1.5-q";
    static final String API_KEY = "remote-test-key";
    /** {@code POST} a number n: the next n embedding calls answer 503 (an outage); answers how many are left. */
    static final String CONTROL_PATH = "/control/fail-next";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final EmbeddingModels models = new EmbeddingModels(Runnable::run);
    private final AtomicInteger failNext = new AtomicInteger();

    RemoteEmbeddingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "remote-embeddings-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/embeddings", this::embeddings);
        server.createContext(CONTROL_PATH, this::control);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void control(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!body.isEmpty()) {
                failNext.set(Integer.parseInt(body));
            }
            JsonReply.send(ex, 200, "{\"fail_next\":" + failNext.get() + "}");
        }
    }

    private void embeddings(HttpExchange ex) throws IOException {
        try (ex) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                JsonReply.send(ex, 503, "{\"error\":{\"message\":\"The server is overloaded or not ready yet.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
                return;
            }
            if (!("Bearer " + API_KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                JsonReply.send(ex, 401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"invalid_api_key\"}}");
                return;
            }
            JsonNode body = JSON.readTree(ex.getRequestBody());
            List<String> inputs = new ArrayList<>();
            body.path("input").forEach(t -> inputs.add(t.asText()));
            List<float[]> vectors = models.model(body.path("model").asText()).embedTexts(inputs);
            ObjectNode out = JSON.createObjectNode().put("object", "list").put("model", body.path("model").asText());
            ArrayNode data = out.putArray("data");
            for (int i = 0; i < vectors.size(); i++) {
                ArrayNode values = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
                for (float f : vectors.get(i)) {
                    values.add(f);
                }
            }
            out.putObject("usage").put("prompt_tokens", inputs.size()).put("total_tokens", inputs.size());
            JsonReply.send(ex, 200, out.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
