package dev.lore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.auth.Caller;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.auth.Permissions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Latency of {@code POST /v1/vector/match} (top_k 10) through HTTP, one request at a time, split
 * by the service's Server-Timing header into query embedding, index search and the rest (HTTP,
 * JSON, fusion, loading the hits, the gateway); the gateway forwards that header. Requests go
 * through the gateway with a key of the bench's own ({@link Gateway}), or with
 * {@code -Ddirect=http://127.0.0.1:8082} straight to the retrieval service with an internal token
 * minted here, which isolates the gateway's share.
 *
 * <p>The client is Apache HttpClient's classic (blocking) API: the sending thread reads the
 * answer itself. The JDK's HttpClient hands each answer across threads, which after a
 * model-length idle added about a millisecond of client time to every embedding request.
 * Usage: {@code -Ddata-dir=/tmp/lore-bench -Dproject=bench -Drequests=300 -Drates=1,0.5,0}; {@code -Dpause-ms=N}
 * waits N ms before each request.
 */
public final class QueryLatencyBench {
    private static final Pattern TIMING = Pattern.compile("(\\w+);dur=([0-9.]+)");

    public static void main(String[] args) throws Exception {
        String project = System.getProperty("project", "bench");
        Gateway lore = Gateway.open("/tmp/lore-bench", project, Permissions.VECTOR_MATCH);
        int requests = Integer.getInteger("requests", 300);
        String direct = System.getProperty("direct");
        // Think time between requests: shows what idling between requests costs by itself.
        long pauseMs = Long.getLong("pause-ms", 0);
        InternalTokens tokens = new InternalTokens(Files.readString(Gateway.dataDir("/tmp/lore-bench")
                .resolve("internal-token.secret"), StandardCharsets.UTF_8).trim());
        ObjectMapper json = new ObjectMapper();
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("dataset", "../shared/bench/scifact"))
                .resolve("queries.jsonl"))) {
            queries.add(json.readTree(line).get("text").asText());
        }
        try (CloseableHttpClient http = HttpClients.createDefault()) {
            for (String r : System.getProperty("rates", "1,0.5,0").split(",")) {
                double rate = Double.parseDouble(r);
                List<double[]> samples = new ArrayList<>();
                CpuSteal steal = CpuSteal.start();
                for (int i = 0; i < 50 + requests; i++) {
                    HttpPost post = new HttpPost((direct == null ? lore.base() : direct) + "/v1/vector/match");
                    post.setHeader("Authorization", direct == null ? lore.authorization() : "Bearer " + tokens.mint(
                            new Caller("bench", null, project, List.of(project), Set.of(Permissions.VECTOR_MATCH),
                                    null, null), Duration.ofMinutes(5)));
                    post.setHeader("X-Project-Id", project);
                    post.setEntity(new StringEntity(json.writeValueAsString(Map.of("prompt",
                            queries.get(i % queries.size()), "top_k", 10, "embedding_rate", rate)),
                            ContentType.APPLICATION_JSON));
                    if (pauseMs > 0) {
                        Thread.sleep(pauseMs);
                    }
                    long t0 = System.nanoTime();
                    double[] sample = http.execute(post, res -> {
                        String body = EntityUtils.toString(res.getEntity());
                        double total = (System.nanoTime() - t0) / 1e6;
                        if (res.getCode() != 200) {
                            throw new IllegalStateException("vector/match answered " + res.getCode() + ": " + body);
                        }
                        if (res.getFirstHeader("Server-Timing") == null) {
                            throw new IllegalStateException(
                                    "vector/match answered without a Server-Timing header (not forwarded by the gateway?)");
                        }
                        Map<String, Double> t = new java.util.HashMap<>();
                        Matcher m = TIMING.matcher(res.getFirstHeader("Server-Timing").getValue());
                        while (m.find()) {
                            t.put(m.group(1), Double.parseDouble(m.group(2)));
                        }
                        double embed = t.getOrDefault("embed", 0.0);
                        double index = t.getOrDefault("index", 0.0);
                        double search = t.getOrDefault("search", 0.0);
                        return new double[] {total, embed, index, total - embed - index, total - embed,
                                search - embed - index, total - search};
                    });
                    if (i >= 50) {
                        samples.add(sample);
                    }
                }
                System.out.printf(Locale.ROOT, "embedding_rate %.1f, %d requests%s: total p50 %.2f / p99 %.2f ms"
                                + " | embed p50 %.2f / p99 %.2f | index p50 %.2f / p99 %.2f | rest p50 %.2f / p99 %.2f"
                                + " | all but the model p50 %.2f / p99 %.2f ms%n", rate, requests,
                        direct == null ? " via the gateway" : " direct", pct(samples, 0, 0.5), pct(samples, 0, 0.99),
                        pct(samples, 1, 0.5), pct(samples, 1, 0.99), pct(samples, 2, 0.5), pct(samples, 2, 0.99),
                        pct(samples, 3, 0.5), pct(samples, 3, 0.99), pct(samples, 4, 0.5), pct(samples, 4, 0.99));
                System.out.printf(Locale.ROOT, "    rest = in the search (fusion, loading hits) p50 %.2f / p99 %.2f"
                                + " + around it (HTTP, auth, JSON, gateway) p50 %.2f / p99 %.2f ms%n",
                        pct(samples, 5, 0.5), pct(samples, 5, 0.99), pct(samples, 6, 0.5), pct(samples, 6, 0.99));
                System.out.println("    " + steal.summary());
            }
        }
    }

    private static double pct(List<double[]> samples, int column, double p) {
        double[] sorted = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
