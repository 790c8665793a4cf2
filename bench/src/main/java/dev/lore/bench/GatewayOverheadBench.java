package dev.lore.bench;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * What the gateway adds to a request: the same cheap call ({@code GET /v1/documents?page_size=1},
 * answered by ingestion) (a) through the gateway with a bench key and (b) straight to the ingestion
 * service with an internal token this bench mints itself from the stack's
 * {@code internal-token.secret}. At each concurrency C, C threads send one request at a time; the
 * two modes alternate in blocks (gateway first in even rounds, direct first in odd ones) so drift
 * hits both alike. Each mode has its own HTTP/1.1 client, whose pooled keep-alive connections
 * (at most C) are reused across requests. Any answer other than 200 aborts the run.
 *
 * <p>By default each client sends its next request as soon as the last one is answered (closed
 * loop): at 50 clients that saturates the two cores, and the latency measures CPU per request more
 * than the hop. {@code -Drate=R} paces the C clients instead at R requests/s in all (open loop):
 * request i is due at start + i/R, and its latency counts from when it was due, so a client held
 * up by a slow answer cannot hide the delay (no coordinated omission).
 * Usage: {@code -Dbase=http://127.0.0.1:8080 -Dservice=http://127.0.0.1:8081 -Ddata-dir=/tmp/lore-bench
 * -Dconcurrency=1,50 -Drequests=<per mode> -Dwarmup=2000 -Dblock=500 -Dproject=default -Drate=0}.
 */
public final class GatewayOverheadBench {
    private static final String PATH = "/v1/documents?page_size=1";
    /** Requests per second over all clients; 0: closed loop. */
    private static final double RATE = Double.parseDouble(System.getProperty("rate", "0"));

    private enum Mode { GATEWAY, DIRECT }

    /** Latencies of one mode at one concurrency, and the wall time its blocks took. */
    private static final class Samples {
        final long[] nanos;
        int count;
        long wallNanos;

        Samples(int capacity) {
            nanos = new long[capacity];
        }
    }

    public static void main(String[] args) throws Exception {
        String dataDirDefault = "/tmp/lore-bench";
        Path dataDir = Gateway.dataDir(dataDirDefault);
        String service = System.getProperty("service", "http://127.0.0.1:8081");
        String project = System.getProperty("project", "default");
        int warmup = Integer.getInteger("warmup", 2000);
        int block = Integer.getInteger("block", 500);
        String requestsProperty = System.getProperty("requests");
        int[] levels = Arrays.stream(System.getProperty("concurrency", "1,50").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();

        Gateway gateway = Gateway.open(dataDirDefault, project, Permissions.DOCUMENTS_READ);
        String secret = Files.readString(dataDir.resolve("internal-token.secret"), StandardCharsets.UTF_8).trim();
        InternalTokens tokens = new InternalTokens(secret);
        HttpClient direct = Gateway.client();
        URI directUri = URI.create(service + PATH);

        System.out.printf(Locale.ROOT, "GET %s, project %s: gateway %s vs direct %s; warm-up %d per mode, blocks of %d; %s%n",
                PATH, project, gateway.base(), service, warmup, block,
                RATE > 0 ? String.format(Locale.ROOT, "paced at %.0f requests/s in all", RATE) : "closed loop");
        List<String> table = new ArrayList<>();
        for (int c : levels) {
            int requests = requestsProperty != null ? Integer.parseInt(requestsProperty) : c == 1 ? 3000 : 10000;
            ExecutorService threads = Executors.newFixedThreadPool(c);
            try {
                // Each block takes a fresh token, so a long run never outlives one.
                Sender viaGateway = () -> gateway.request(PATH).GET().build();
                Sender straight = () -> {
                    String token = tokens.mint(new Caller("bench", null, project, List.of(project),
                            Set.copyOf(Permissions.ALL), null, null), Duration.ofMinutes(30));
                    return HttpRequest.newBuilder(directUri).header("Authorization", "Bearer " + token).GET().build();
                };
                Samples discard = new Samples(warmup);
                run(threads, c, gateway.http(), viaGateway.build(), warmup, discard);
                discard.count = 0;
                run(threads, c, direct, straight.build(), warmup, discard);

                CpuSteal steal = CpuSteal.start();
                Samples g = new Samples(requests);
                Samples d = new Samples(requests);
                for (int round = 0; g.count < requests || d.count < requests; round++) {
                    for (Mode mode : round % 2 == 0 ? List.of(Mode.GATEWAY, Mode.DIRECT) : List.of(Mode.DIRECT, Mode.GATEWAY)) {
                        Samples s = mode == Mode.GATEWAY ? g : d;
                        int n = Math.min(block, requests - s.count);
                        if (n > 0) {
                            run(threads, c, mode == Mode.GATEWAY ? gateway.http() : direct,
                                    (mode == Mode.GATEWAY ? viaGateway : straight).build(), n, s);
                        }
                    }
                }
                if (System.getProperty("dump") != null) {
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < g.count; i++) {
                        out.append(g.nanos[i] / 1000).append(' ').append(d.nanos[i] / 1000).append('\n');
                    }
                    Files.writeString(Path.of(System.getProperty("dump") + "-" + c), out);
                }
                double[] gs = stats(g);
                double[] ds = stats(d);
                table.add(line(c, "gateway", requests, gs));
                table.add(line(c, "direct", requests, ds));
                table.add(String.format(Locale.ROOT, "| %d | added by the gateway | | **%.2f ms** | **%.2f ms** | %+.2f ms | %+.0f req/s |",
                        c, gs[0] - ds[0], gs[1] - ds[1], gs[2] - ds[2], gs[3] - ds[3]));
                System.out.println(table.get(table.size() - 3));
                System.out.println(table.get(table.size() - 2));
                System.out.println(table.get(table.size() - 1));
                System.out.println(steal.summary());
            } finally {
                threads.shutdownNow();
            }
        }
        System.out.println();
        System.out.println("| concurrency | mode | requests | p50 | p99 | mean | throughput |");
        System.out.println("|---|---|---|---|---|---|---|");
        table.forEach(System.out::println);
    }

    @FunctionalInterface
    private interface Sender {
        HttpRequest build() throws Exception;
    }

    /** {@code n} requests over {@code c} threads, each sending one at a time; latencies appended to {@code into}. */
    private static void run(ExecutorService threads, int c, HttpClient http, HttpRequest request, int n, Samples into)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        int offset = into.count;
        List<Future<?>> workers = new ArrayList<>(c);
        long t0 = System.nanoTime();
        for (int t = 0; t < c; t++) {
            workers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    if (RATE > 0) {
                        long due = t0 + (long) (i * 1e9 / RATE);
                        while (start < due) {
                            LockSupport.parkNanos(due - start);
                            start = System.nanoTime();
                        }
                        start = due;
                    }
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - start;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                                + new String(response.body(), StandardCharsets.UTF_8));
                    }
                    into.nanos[offset + i] = took;
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        into.wallNanos += System.nanoTime() - t0;
        into.count += n;
    }

    /** p50, p99, mean (ms) and throughput (requests/s). */
    private static double[] stats(Samples s) {
        long[] sorted = Arrays.copyOf(s.nanos, s.count);
        Arrays.sort(sorted);
        return new double[] {pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6,
                Arrays.stream(sorted).average().orElse(0) / 1e6, s.count / (s.wallNanos / 1e9)};
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String line(int c, String mode, int requests, double[] s) {
        return String.format(Locale.ROOT, "| %d | %s | %d | %.2f ms | %.2f ms | %.2f ms | %.0f req/s |",
                c, mode, requests, s[0], s[1], s[2], s[3]);
    }
}
