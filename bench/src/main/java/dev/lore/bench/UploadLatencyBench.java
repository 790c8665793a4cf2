package dev.lore.bench;

import dev.lore.common.auth.Permissions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Upload latency through HTTP: POST /v1/documents of a 1 MB text file against a running Lore
 * (./lore up), one request at a time, reporting p50 and p99. The work after the 202 is
 * asynchronous and not measured here, but it shares the two cores: {@code -Dinterval=500} paces
 * uploads (ms between starts) at about what the pipeline can absorb; {@code -Dinterval=0} sends
 * back to back, which saturates the pipeline and measures uploads under full CPU contention.
 * Uploads go through the gateway with a key of the bench's own ({@link Gateway}).
 * Usage: -Dbase=http://127.0.0.1:8080 -Ddata-dir=/tmp/lore-bench -Drequests=200 -Dinterval=500
 */
public final class UploadLatencyBench {
    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("requests", 200);
        int warmup = Integer.getInteger("warmup", 20);
        int size = Integer.getInteger("bytes", 1_000_000);
        long interval = Long.getLong("interval", 500);
        String project = "bench-" + UUID.randomUUID();
        Gateway lore = Gateway.open("/tmp/lore-bench", project, Permissions.DOCUMENTS_WRITE);
        byte[] file = new Corpus().prose(size).substring(0, size).getBytes(StandardCharsets.UTF_8);
        HttpClient http = lore.http();
        List<Long> micros = new ArrayList<>();
        // One body for every request: the client's own allocations must not be what is measured.
        Multipart body = Multipart.of("bench.txt", file, java.util.Map.of());
        for (int i = 0; i < warmup + requests; i++) {
            HttpRequest req = lore.request("/v1/documents")
                    .header("Content-Type", body.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.body())).build();
            long t0 = System.nanoTime();
            long next = t0 / 1_000_000 + interval;
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            long us = (System.nanoTime() - t0) / 1000;
            if (res.statusCode() != 202) {
                throw new IllegalStateException("upload answered " + res.statusCode() + ": " + res.body());
            }
            if (i >= warmup) {
                micros.add(us);
            }
            long wait = next - System.nanoTime() / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "upload of %d bytes, %d requests, %d ms apart (project %s): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                size, requests, interval, project, pct(sorted, 0.50) / 1000.0, pct(sorted, 0.99) / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
        System.out.println("mean " + Arrays.stream(sorted).average().orElse(0) / 1000.0 + " ms");
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
