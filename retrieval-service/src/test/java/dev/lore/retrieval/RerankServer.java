package dev.lore.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for Jina's rerank API ({@code POST /v1/rerank}), configured in the test
 * profile as reranker "Jina-reranker-v2-base-multilingual". It answers in Jina's recorded shape
 * (see llm's {@code rerank/jina.json}) with scores computed from the request, so rankings are
 * predictable: a document scores by the first of {@link #WORD_SCORES}'s words it contains, else
 * {@link #DEFAULT_SCORE}. Every request is recorded; {@code GET /requests} lists them as
 * {@code [{"path","authorization","body"}]} for the tests to inspect (tests and test resources may
 * live in different class loaders, so they talk over HTTP).
 */
public final class RerankServer implements AutoCloseable {
    public static final String URL_PROPERTY = "lore-test.reranker-url";
    public static final String API_KEY = "test-key";
    /** Checked in this order; the first word a document contains gives its score. */
    public static final Map<String, Double> WORD_SCORES = scores();
    public static final double DEFAULT_SCORE = 0.04;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rerank-stub");
        t.setDaemon(true);
        return t;
    });
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();

    private static Map<String, Double> scores() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("kiwi", 0.91);
        m.put("mango", 0.62);
        m.put("papaya", 0.33);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The score this server gives a document. */
    public static double score(String document) {
        String lower = document.toLowerCase(Locale.ROOT);
        return WORD_SCORES.entrySet().stream().filter(e -> lower.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(DEFAULT_SCORE);
    }

    public RerankServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/rerank", this::rerank);
        server.createContext("/requests", this::list);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/rerank";
    }

    private void rerank(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            ObjectNode record = JSON.createObjectNode().put("path", exchange.getRequestURI().getPath())
                    .put("authorization", auth);
            record.set("body", body);
            requests.add(record);
            if (!("Bearer " + API_KEY).equals(auth)) {
                JsonReply.send(exchange, 401, "{\"detail\":\"Unauthorized\"}");
                return;
            }
            List<double[]> scored = new ArrayList<>();
            int tokens = 0;
            JsonNode documents = body.path("documents");
            for (int i = 0; i < documents.size(); i++) {
                String doc = documents.get(i).asText();
                scored.add(new double[] {i, score(doc)});
                tokens += doc.split("\\s+").length;
            }
            scored.sort(Comparator.comparingDouble((double[] s) -> s[1]).reversed());
            ObjectNode out = JSON.createObjectNode().put("model", body.path("model").asText());
            out.putObject("usage").put("total_tokens", tokens);
            ArrayNode results = out.putArray("results");
            for (double[] s : scored) {
                results.addObject().put("index", (int) s[0]).put("relevance_score", s[1]);
            }
            JsonReply.send(exchange, 200, out.toString());
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            ArrayNode all = JSON.createArrayNode();
            requests.forEach(all::add);
            JsonReply.send(exchange, 200, all.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
