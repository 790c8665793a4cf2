package dev.lore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.auth.Permissions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Gateway lore = Gateway.open("/tmp/lore-bench", project, Permissions.VECTOR_MATCH);
        int requests = Integer.getInteger("requests", 300);
        ObjectMapper json = new ObjectMapper();
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("dataset", "../shared/bench/scifact"))
                .resolve("queries.jsonl"))) {
            queries.add(json.readTree(line).get("text").asText());
        }
        HttpClient http = lore.http();
        for (double rate : List.of(1.0, 0.5, 0.0)) {
            List<double[]> samples = new ArrayList<>();
            for (int i = 0; i < 50 + requests; i++) {
                String body = json.writeValueAsString(Map.of("prompt", queries.get(i % queries.size()), "top_k", 10,
                        "embedding_rate", rate));
                HttpRequest req = lore.request("/v1/vector/match")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
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
                String timing = res.headers().firstValue("Server-Timing").orElseThrow(() -> new IllegalStateException(
                        "vector/match answered without a Server-Timing header (not forwarded by the gateway?)"));
                Matcher m = TIMING.matcher(timing);
                while (m.find()) {
                    if (m.group(1).equals("embed")) {
                        embed = Double.parseDouble(m.group(2));
                    } else if (m.group(1).equals("index")) {
                        index = Double.parseDouble(m.group(2));
                    }
                }
                samples.add(new double[] {total, embed, index, total - embed - index});
            }
            System.out.printf(Locale.ROOT, "embedding_rate %.1f, %d requests: total p50 %.2f / p99 %.2f ms | embed p50 %.2f / p99 %.2f"
                            + " | index p50 %.2f / p99 %.2f | rest p50 %.2f / p99 %.2f ms%n", rate, requests,
                    pct(samples, 0, 0.5), pct(samples, 0, 0.99), pct(samples, 1, 0.5), pct(samples, 1, 0.99),
                    pct(samples, 2, 0.5), pct(samples, 2, 0.99), pct(samples, 3, 0.5), pct(samples, 3, 0.99));
        }
    }

    private static double pct(List<double[]> samples, int column, double p) {
        double[] sorted = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
