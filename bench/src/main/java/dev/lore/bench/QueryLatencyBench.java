package dev.lore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.auth.Caller;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.auth.Permissions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency of {@code POST /v1/vector/match} (top_k 10) through HTTP, one request at a time, split
 * by the service's Server-Timing header into query embedding, index search and the rest (HTTP,
 * JSON, fusion, loading the hits); the gateway forwards that header, and its own cost lands in the
 * rest. Requests go through the gateway with a key of the bench's own ({@link Gateway}). Usage:
 * {@code -Dbase=http://127.0.0.1:8080 -Ddata-dir=/tmp/lore-bench -Dproject=bench -Drequests=300}.
 */
public final class QueryLatencyBench {
    private static final Pattern TIMING = Pattern.compile("(\\w+);dur=([0-9.]+)");

    public static void main(String[] args) throws Exception {
        String project = System.getProperty("project", "bench");
        Gateway lore = Gateway.open("/tmp/lore-bench", project, Permissions.VECTOR_MATCH, Permissions.EMBEDDINGS);
        int requests = Integer.getInteger("requests", 300);
        ObjectMapper json = new ObjectMapper();
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("dataset", "../shared/bench/scifact"))
                .resolve("queries.jsonl"))) {
            queries.add(json.readTree(line).get("text").asText());
        }
        HttpClient http = lore.http();
        // -Ddirect=http://127.0.0.1:8082 skips the gateway (internal tokens minted here), to split its share.
        String direct = System.getProperty("direct");
        InternalTokens tokens = new InternalTokens(Files.readString(Gateway.dataDir("/tmp/lore-bench")
                .resolve("internal-token.secret"), StandardCharsets.UTF_8).trim());
        long[] pollute = new long[Integer.getInteger("pollute-mb", 0) * 131072];
        for (String r : System.getProperty("rates", "1,0.5,0").split(",")) {
            double rate = Double.parseDouble(r);
            List<double[]> samples = new ArrayList<>();
            for (int i = 0; i < 50 + requests; i++) {
                String body = json.writeValueAsString(Map.of("prompt", queries.get(i % queries.size()), "top_k", 10,
                        "embedding_rate", rate));
                HttpRequest.Builder target = direct == null ? lore.request("/v1/vector/match")
                        : HttpRequest.newBuilder(URI.create(direct + "/v1/vector/match")).header("Authorization",
                        "Bearer " + tokens.mint(new Caller("bench", null, project, List.of(project),
                                Set.of(Permissions.VECTOR_MATCH), null, null), Duration.ofMinutes(5)));
                HttpRequest req = target
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                if (Boolean.getBoolean("prime")) {
                    http.send(lore.request("/v1/embeddings").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("model",
                                    "baai/bge-small-en-v1.5", "input", queries.get((i + 7) % queries.size())))))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                if (pollute.length > 0) {
                    for (int j = 0; j < pollute.length; j += 16) {
                        pollute[j]++;
                    }
                }
                long t0 = System.nanoTime();
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                double total = (System.nanoTime() - t0) / 1e6;
                if (res.statusCode() != 200) {
                    throw new IllegalStateException("vector/match answered " + res.statusCode() + ": " + res.body());
                }
                if (i < 50) {
                    continue;
                }
                double embed = 0;
                double index = 0;
                double search = 0;
                String timing = res.headers().firstValue("Server-Timing").orElseThrow(() -> new IllegalStateException(
                        "vector/match answered without a Server-Timing header (not forwarded by the gateway?)"));
                Matcher m = TIMING.matcher(timing);
                while (m.find()) {
                    if (m.group(1).equals("embed")) {
                        embed = Double.parseDouble(m.group(2));
                    } else if (m.group(1).equals("index")) {
                        index = Double.parseDouble(m.group(2));
                    } else if (m.group(1).equals("search")) {
                        search = Double.parseDouble(m.group(2));
                    }
                }
                samples.add(new double[] {total, embed, index, total - embed - index, search - embed - index, total - search});
            }
            System.out.printf(Locale.ROOT, "embedding_rate %.1f, %d requests: total p50 %.2f / p99 %.2f ms | embed p50 %.2f / p99 %.2f"
                            + " | index p50 %.2f / p99 %.2f | rest p50 %.2f / p99 %.2f ms%n", rate, requests,
                    pct(samples, 0, 0.5), pct(samples, 0, 0.99), pct(samples, 1, 0.5), pct(samples, 1, 0.99),
                    pct(samples, 2, 0.5), pct(samples, 2, 0.99), pct(samples, 3, 0.5), pct(samples, 3, 0.99));
            System.out.printf(Locale.ROOT, "    rest = in search (fusion, loading hits) p50 %.2f / p99 %.2f + outside search (HTTP, JSON, gateway)"
                    + " p50 %.2f / p99 %.2f ms%n", pct(samples, 4, 0.5), pct(samples, 4, 0.99), pct(samples, 5, 0.5),
                    pct(samples, 5, 0.99));
        }
    }

    private static double pct(List<double[]> samples, int column, double p) {
        double[] sorted = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
