package dev.lore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.auth.Permissions;
import dev.lore.common.event.AuditEvent;
import dev.lore.common.event.Topics;
import dev.lore.common.id.Ids;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The audit service against a running {@code ./lore up}. {@code -Dmode=}:
 * <ul>
 * <li>{@code ingest}: {@code -Devents} (500,000) events produced to {@code lore.audit.v1} as fast as
 * a producer can; reports the rate at which they became rows (first send to last row stored).</li>
 * <li>{@code delay}: {@code -Drate} (1,000) events/s for {@code -Dseconds} (30), each stamped when
 * sent; a reader polls {@code GET /v1/audit/logs} through the gateway every 50 ms and notes when each
 * first appears. Reports p50/p99/max of produced-to-listable.</li>
 * <li>{@code list}: seeds {@code -Drows} (10,000,000) rows over the past 11 months straight into
 * PostgreSQL (once; {@code -Dseed=false} reuses them), then times listing pages through the gateway
 * for a mix of filters, {@code -Drepeat} (200) times each.</li>
 * <li>{@code export}: seeds {@code -Drows} (1,000,000) rows in a project of their own, exports them
 * as JSON Lines and CSV through the gateway, and samples the audit service's heap
 * ({@code -Daudit=http://127.0.0.1:8084}/q/metrics) every 100 ms.</li>
 * </ul>
 * Common: {@code -Ddata-dir=/tmp/lore-bench}, {@code -Dbase=http://127.0.0.1:8080}.
 */
public final class AuditBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_DATA_DIR = "/tmp/lore-bench";

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("mode", "ingest");
        switch (mode) {
            case "ingest" -> ingest();
            case "delay" -> delay();
            case "list" -> list();
            case "export" -> export();
            default -> throw new IllegalArgumentException("-Dmode must be ingest, delay, list or export");
        }
    }

    private static KafkaProducer<String, String> producer() throws Exception {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap(Gateway.dataDir(DEFAULT_DATA_DIR)),
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(LocalStack.jdbcUrl(Gateway.dataDir(DEFAULT_DATA_DIR), "lore_audit"),
                "postgres", "postgres");
    }

    private static final boolean RANDOM_IDS = "random".equals(System.getProperty("ids"));

    /** Event and request ids as the gateway mints them (time-ordered, v7); {@code -Dids=random}: v4. */
    private static UUID id() {
        return RANDOM_IDS ? UUID.randomUUID() : Ids.timeOrdered();
    }

    /** An event as the gateway writes it (about 450 bytes of JSON). */
    private static String event(String project, int i, Instant time) throws Exception {
        return JSON.writeValueAsString(new AuditEvent(AuditEvent.SCHEMA, id().toString(), time.toString(),
                id().toString(), project, new AuditEvent.Actor("api_key", "key_bench" + (i % 50), "bench"),
                i % 4 == 0 ? "vector.match" : "documents.list", null, List.of(), i % 4 == 0 ? "POST" : "GET",
                i % 4 == 0 ? "/v1/vector/match" : "/v1/documents", i % 20 == 0 ? 403 : 200, null, 12.5 + i % 7,
                "10.0.0." + i % 200, "lore-bench/1.0", "retrieval", null));
    }

    private static void ingest() throws Exception {
        int events = Integer.getInteger("events", 500_000);
        String prefix = "bench-ingest-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> p = producer()) {
            for (int i = 0; i < events; i++) {
                String project = prefix + "-" + i % 8;
                p.send(new ProducerRecord<>(Topics.AUDIT, project, event(project, i, now.plusNanos(i * 1000L))));
            }
            p.flush();
        }
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        long stored;
        try (Connection c = db()) {
            do {
                Thread.sleep(100);
                // The chain heads count each project's stored rows; counting a table of millions
                // of rows every 100 ms would steal the CPU being measured.
                stored = count(c, "SELECT coalesce(sum(seq), 0) FROM audit_chain_heads WHERE project_id LIKE '"
                        + prefix + "%'");
            } while (stored < events && (System.nanoTime() - start) < Duration.ofMinutes(10).toNanos());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "ingest: %,d events produced in %.1f s (%,.0f/s); all %,d stored %.1f s after "
                + "the first send: %,.0f events/s%n", events, produceSeconds, events / produceSeconds, stored, seconds,
                stored / seconds);
    }

    private static void delay() throws Exception {
        int rate = Integer.getInteger("rate", 1000);
        int seconds = Integer.getInteger("seconds", 30);
        String project = "bench-audit";
        Gateway gateway = Gateway.open(DEFAULT_DATA_DIR, project, Permissions.AUDIT_READ);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        String since = Instant.now().toString();
        Thread reader = new Thread(() -> {
            try {
                while (producing.get() || seenAt.size() < sentAt.size()) {
                    long t0 = System.nanoTime();
                    for (int page = 1; page <= 20; page++) {
                        JsonNode logs = JSON.readTree(Gateway.check(gateway.http().send(gateway.request(
                                "/v1/audit/logs?page_size=100&page=" + page + "&start_time=" + enc(since)).GET().build(),
                                HttpResponse.BodyHandlers.ofString()), 200).body()).get("logs");
                        long now = System.nanoTime();
                        boolean anyNew = false;
                        for (JsonNode log : logs) {
                            anyNew |= seenAt.putIfAbsent(log.get("request_id").asText(), now) == null;
                        }
                        if (!anyNew || logs.size() < 100) {
                            break;
                        }
                    }
                    long pause = 50 - (System.nanoTime() - t0) / 1_000_000;
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "reader");
        reader.start();
        try (KafkaProducer<String, String> p = producer()) {
            long start = System.nanoTime();
            long intervalNanos = 1_000_000_000L / rate;
            for (int i = 0; i < rate * seconds; i++) {
                long due = start + i * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                String requestId = UUID.randomUUID().toString();
                String value = event(project, i, Instant.now()).replaceFirst("\"request_id\":\"[^\"]+\"",
                        "\"request_id\":\"" + requestId + "\"");
                sentAt.put(requestId, System.nanoTime());
                p.send(new ProducerRecord<>(Topics.AUDIT, project, value));
            }
            p.flush();
        }
        producing.set(false);
        reader.join(Duration.ofSeconds(60));
        long[] delays = sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
                .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf(Locale.ROOT, "delay at %,d events/s for %d s: %,d of %,d listed; produced-to-listable p50 "
                        + "%.0f ms, p99 %.0f ms, max %.0f ms (reader polls every 50 ms)%n", rate, seconds, delays.length,
                sentAt.size(), pct(delays, 50), pct(delays, 99), delays[delays.length - 1] / 1e6);
    }

    private static void list() throws Exception {
        int rows = Integer.getInteger("rows", 10_000_000);
        int repeat = Integer.getInteger("repeat", 200);
        String project = "bench-list";
        if (Boolean.parseBoolean(System.getProperty("seed", "true"))) {
            seed(project, rows, Duration.ofDays(330));
        }
        Gateway gateway = Gateway.open(DEFAULT_DATA_DIR, project, Permissions.AUDIT_READ);
        Instant now = Instant.now();
        String requestId;
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT request_id FROM audit_events WHERE project_id = '" + project
                     + "' AND seq = " + rows / 2)) {
            rs.next();
            requestId = rs.getString(1);
        }
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("newest page", "");
        queries.put("page 50", "&page=50");
        queries.put("one day", "&start_time=" + enc(now.minus(Duration.ofDays(40)).toString()) + "&end_time="
                + enc(now.minus(Duration.ofDays(39)).toString()));
        queries.put("action exact", "&action=auth.denied");
        queries.put("action prefix", "&action=documents.*");
        queries.put("actor", "&actor=key_bench7");
        queries.put("status 5xx", "&status=5xx");
        queries.put("request id", "&request_id=" + requestId);
        queries.put("month + action + 4xx", "&start_time=" + enc(now.minus(Duration.ofDays(90)).toString())
                + "&end_time=" + enc(now.minus(Duration.ofDays(60)).toString()) + "&action=vector.match&status=4xx");
        List<Long> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "list: %,d rows in project %s; page_size 20, %d times each (after %d warm-up)%n",
                rows, project, repeat, repeat / 4);
        for (Map.Entry<String, String> q : queries.entrySet()) {
            String path = "/v1/audit/logs?page_size=20" + q.getValue();
            long total = 0;
            for (int i = 0; i < repeat / 4; i++) {
                total = JSON.readTree(send(gateway, path)).get("total").asLong();
            }
            long[] nanos = new long[repeat];
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                send(gateway, path);
                nanos[i] = System.nanoTime() - t0;
                all.add(nanos[i]);
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "  %-22s total %,7d  p50 %6.2f ms  p99 %6.2f ms%n", q.getKey(), total,
                    pct(nanos, 50), pct(nanos, 99));
        }
        long[] every = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  all queries: p50 %.2f ms, p99 %.2f ms (through the gateway)%n",
                pct(every, 50), pct(every, 99));
    }

    private static void export() throws Exception {
        int rows = Integer.getInteger("rows", 1_000_000);
        String audit = System.getProperty("audit", "http://127.0.0.1:8084");
        String project = "bench-export-" + rows;
        if (Boolean.parseBoolean(System.getProperty("seed", "true"))) {
            seed(project, rows, Duration.ofDays(20));
        }
        Gateway gateway = Gateway.open(DEFAULT_DATA_DIR, project, Permissions.AUDIT_EXPORT);
        HttpClient http = Gateway.client();
        for (String format : List.of("jsonl", "csv")) {
            System.gc();
            long baseline = heap(http, audit, "jvm_memory_used_bytes{");
            long liveBefore = heap(http, audit, "jvm_gc_live_data_size_bytes ");
            long start = System.nanoTime();
            JsonNode job = JSON.readTree(Gateway.check(gateway.http().send(gateway.request("/v1/audit/logs/export")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"format\":\"" + format + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()), 202).body());
            String id = job.get("id").asText();
            long peak = baseline;
            long peakLive = liveBefore;
            JsonNode status;
            do {
                Thread.sleep(100);
                peak = Math.max(peak, heap(http, audit, "jvm_memory_used_bytes{"));
                peakLive = Math.max(peakLive, heap(http, audit, "jvm_gc_live_data_size_bytes "));
                status = JSON.readTree(send(gateway, "/v1/audit/exports/" + id));
            } while (!Set.of("completed", "failed").contains(status.get("status").asText()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "export %s: %,d rows, %,d bytes in %.1f s (%,.0f rows/s); audit-service heap "
                            + "used %,d MB before, peak %,d MB while exporting; live after GC %,d MB before, peak %,d MB (status %s)%n",
                    format, status.get("row_count").asLong(), status.get("size_bytes").asLong(), seconds,
                    status.get("row_count").asLong() / seconds, baseline >> 20, peak >> 20, liveBefore >> 20,
                    peakLive >> 20, status.get("status").asText());
        }
    }

    /**
     * Rows straight into PostgreSQL, as the service would store them: in time order, as events
     * arrive (the chain fields are filler: verify is not what this measures). One event per month
     * is sent through Kafka first so the service has created the monthly partitions. The table's
     * indexes are dropped while loading and rebuilt after (B-tree builds sort once instead of
     * inserting ten million keys one by one); their definitions are read back from the catalog,
     * so the bench measures exactly the indexes the migration declares.
     */
    private static void seed(String project, int rows, Duration span) throws Exception {
        Instant now = Instant.now();
        Set<String> months = new HashSet<>();
        try (KafkaProducer<String, String> p = producer()) {
            for (Instant t = now.minus(span); !t.isAfter(now.plus(Duration.ofDays(1))); t = t.plus(Duration.ofDays(1))) {
                if (months.add(t.toString().substring(0, 7))) {
                    p.send(new ProducerRecord<>(Topics.AUDIT, project + "-partitions",
                            event(project + "-partitions", 0, t)));
                }
            }
        }
        long start = System.nanoTime();
        Map<String, String> indexes = new LinkedHashMap<>();
        try (Connection c = db(); Statement s = c.createStatement()) {
            long existing;
            do {
                Thread.sleep(200);
                existing = count(c, "SELECT count(*) FROM audit_events WHERE project_id = '" + project + "-partitions'");
            } while (existing < months.size());
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                    + "current_schema() AND tablename = 'audit_events'")) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String index : indexes.keySet()) {
                s.execute("DROP INDEX " + index);
            }
            s.execute("DELETE FROM audit_events WHERE project_id = '" + project + "'");
        }
        // Two loaders, one per core, each a run of 1M-row statements.
        int step = 1_000_000;
        List<Thread> loaders = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 2; w++) {
            int worker = w;
            loaders.add(Thread.ofPlatform().start(() -> {
                try (Connection c = db(); Statement s = c.createStatement()) {
                    for (int from = 1 + worker * step; from <= rows; from += 2 * step) {
                        int to = Math.min(rows, from + step - 1);
                        s.execute(insertRows(project, from, to, rows, span));
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : loaders) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double loaded = (System.nanoTime() - start) / 1e9;
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '1GB'");
            for (String definition : indexes.values()) {
                // The catalog spells a partitioned index "ON ONLY parent"; without ONLY it is built on every partition.
                s.execute(definition.replace(" ON ONLY ", " ON "));
            }
            // Steady state: autovacuum has long since marked an insert-only table all-visible (index-only scans).
            s.execute("VACUUM (ANALYZE) audit_events");
        }
        System.out.printf(Locale.ROOT, "seeded %,d rows for %s in %.0f s (%.0f s loading, the rest rebuilding %d "
                + "indexes)%n", rows, project, (System.nanoTime() - start) / 1e9, loaded, indexes.size());
    }

    /** Rows {@code from..to} of {@code rows}, spread evenly in time over {@code span} up to now. */
    private static String insertRows(String project, int from, int to, int rows, Duration span) {
        return "INSERT INTO audit_events SELECT '" + project + "', g, gen_random_uuid(), "
                + "now() - (" + span.toSeconds() + " * (1 - g::float8 / " + rows + ")) * interval '1 second', now(), "
                + "'req-' || g, 'api_key', 'key_bench' || (g % 50), 'bench', (ARRAY['documents.list','documents.upload',"
                + "'documents.delete','vector.match','rag.query','gateway.chat','auth.me','keys.list','audit.list',"
                + "'auth.denied'])[1 + g % 10], NULL, '{}', 'GET', '/v1/documents', CASE WHEN g % 97 = 0 THEN 503 "
                + "WHEN g % 10 = 9 THEN 403 ELSE 200 END, NULL, 10.5, '10.0.0.1', 'lore-bench/1.0', 'ingestion', NULL, "
                + "'\\x00'::bytea, '\\x00'::bytea FROM generate_series(" + from + ", " + to + ") g";
    }

    private static String send(Gateway gateway, String path) throws Exception {
        return Gateway.check(gateway.http().send(gateway.request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200).body();
    }

    /**
     * A heap figure from the service's metrics: {@code jvm_memory_used_bytes{} summed over the heap
     * pools (live and garbage alike), or {@code jvm_gc_live_data_size_bytes } (what the last GC
     * cycle found live: the figure that would grow if an export held rows).
     */
    private static long heap(HttpClient http, String audit, String metric) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(audit + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(metric) && (!metric.endsWith("{") || line.contains("area=\"heap\""))) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private AuditBench() {}
}
