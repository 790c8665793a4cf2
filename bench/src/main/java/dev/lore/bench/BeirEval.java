package dev.lore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.auth.Permissions;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.TextEmbedder;
import dev.lore.embedding.TextTokenizer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Quality and ingestion speed on a BEIR dataset, through Lore's public HTTP API (./lore up):
 * <ol>
 *   <li>the raw model's throughput: the same model in this process, on a sample of the corpus;</li>
 *   <li>every corpus document uploaded to a fresh knowledge base with default settings, timed from
 *       the first upload until all are {@code ready}: end-to-end throughput; then (1) again, and the
 *       ratio of end to end to the mean of the two raw figures, and where the machine's CPU went
 *       meanwhile ({@link CpuShares});</li>
 *   <li>every test query through {@code /v1/vector/match} at several {@code embedding_rate}s:
 *       nDCG@10 and Recall@50 (the API returns at most 50), and Recall@100 through
 *       {@code /v1/rag/query}.</li>
 * </ol>
 * A document's rank is its best chunk's. Every request goes through the gateway with a key of the
 * bench's own ({@link Gateway}). Usage:
 * {@code -Ddataset=../shared/bench/scifact -Dbase=http://127.0.0.1:8080 -Ddata-dir=/tmp/lore-beir}
 * ({@code -Dproject=<id>} reuses an already ingested project and skips 1–2).
 */
public final class BeirEval {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = EmbeddingModels.BGE_SMALL_EN;
    private static final int UPLOADERS = 4;

    private record Doc(String id, String text) {
    }

    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(System.getProperty("dataset", "../shared/bench/scifact"));
        String project = System.getProperty("project");
        boolean reuse = project != null;
        if (!reuse) {
            project = "beir-" + UUID.randomUUID().toString().substring(0, 8);
        }
        Gateway lore = Gateway.open("/tmp/lore-beir", project, Permissions.KNOWLEDGE_ADMIN, Permissions.DOCUMENTS_WRITE,
                Permissions.DOCUMENTS_READ, Permissions.VECTOR_MATCH, Permissions.RAG_QUERY);
        List<Doc> corpus = corpus(dataset.resolve("corpus.jsonl"));
        if (!reuse) {
            // The machine's speed drifts by several percent over minutes: the raw model is measured
            // before and after the ingestion, and the ratio is to their mean.
            int sample = Integer.getInteger("sample", 500);
            long tokens = corpusTokens(corpus);
            CpuSteal steal = CpuSteal.start();
            double before = rawThroughput(corpus, sample);
            CpuShares shares = CpuShares.start();
            double seconds = ingest(lore, corpus);
            // Taken when the last document is seen ready: the window is the one the throughput is of.
            String cpu = shares.summary();
            double endToEnd = tokens / seconds;
            System.out.printf(Locale.ROOT, "end to end (upload to ready), %d docs, %d tokens: %.1f s, %.1f docs/s, "
                    + "%.0f tokens/s%n", corpus.size(), tokens, seconds, corpus.size() / seconds, endToEnd);
            double after = rawThroughput(corpus, sample);
            System.out.println(cpu);
            System.out.println(steal.summary());
            System.out.printf(Locale.ROOT, "end to end / raw model: %.1f%% (raw before %.0f, after %.0f tokens/s: "
                    + "%.1f%% and %.1f%%)%n", 200 * endToEnd / (before + after), before, after,
                    100 * endToEnd / before, 100 * endToEnd / after);
        }
        evaluate(lore, dataset);
    }

    private static List<Doc> corpus(Path file) throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            docs.add(new Doc(n.get("_id").asText(), n.get("title").asText() + "\n\n" + n.get("text").asText()));
        }
        return docs;
    }

    /** Tokens the model reads of a text: its own tokenizer, cut at its input limit. */
    private static int tokens(TextTokenizer tokenizer, String text) {
        return Math.min(tokenizer.countTokens(text) + 2, 512);
    }

    private static double rawThroughput(List<Doc> corpus, int sample) {
        ExecutorService onnx = Executors.newFixedThreadPool(2);
        try {
            EmbeddingModels models = new EmbeddingModels(onnx);
            TextEmbedder model = models.model(MODEL);
            TextTokenizer tokenizer = models.tokenizer(MODEL);
            // Spread over the whole corpus: its first documents are shorter than its average, and
            // a document longer than the model's window costs more than the 512 tokens it counts for.
            int step = Math.max(1, corpus.size() / sample);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < corpus.size() && texts.size() < sample; i += step) {
                texts.add(corpus.get(i).text());
            }
            model.embedTexts(texts.subList(0, 20));
            long tokens = texts.stream().mapToLong(t -> tokens(tokenizer, t)).sum();
            long t0 = System.nanoTime();
            model.embedTexts(texts);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "raw model %s, %d docs in-process: %.1f docs/s, %.0f tokens/s%n", MODEL,
                    texts.size(), texts.size() / seconds, tokens / seconds);
            return tokens / seconds;
        } finally {
            onnx.shutdownNow();
        }
    }

    /** Uploads the corpus and answers the seconds from the first upload until every document is ready. */
    private static double ingest(Gateway lore, List<Doc> corpus) throws Exception {
        String project = lore.project();
        JsonNode kb = JSON.readTree(lore.send(lore.request("/v1/knowledge-bases")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"beir\"}")).build(), 201));
        String kbId = kb.get("id").asText();
        ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADERS);
        long t0 = System.nanoTime();
        // The bench shares the machine it measures: uploads go through a blocking client (one
        // pooled connection per uploader), which needs about half the CPU of the JDK's async one.
        try (CloseableHttpClient http = HttpClients.custom().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(UPLOADERS).build()).build()) {
            List<Future<?>> uploads = new ArrayList<>();
            for (Doc d : corpus) {
                uploads.add(uploaders.submit(() -> {
                    Multipart body = Multipart.of(d.id() + ".txt", d.text().getBytes(StandardCharsets.UTF_8),
                            Map.of("knowledge_base_id", kbId));
                    HttpPost post = new HttpPost(lore.base() + "/v1/documents");
                    post.setHeader("Authorization", lore.authorization());
                    post.setHeader("X-Project-Id", project);
                    post.setEntity(new ByteArrayEntity(body.body(), ContentType.parse(body.contentType())));
                    return http.execute(post, res -> {
                        String answer = EntityUtils.toString(res.getEntity());
                        if (res.getCode() != 202) {
                            throw new IllegalStateException("upload of " + d.id() + " answered " + res.getCode() + ": "
                                    + answer);
                        }
                        return answer;
                    });
                }));
            }
            for (Future<?> f : uploads) {
                f.get();
            }
        }
        uploaders.shutdown();
        double uploaded = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "uploaded %d docs in %.1f s (project %s)%n", corpus.size(), uploaded, project);
        // The polls share the machine with the pipeline they measure: one request per poll, spaced
        // at a twentieth of the time the observed rate says is left (0.25–5 s), so the end is seen
        // within a quarter second without a request every half second for minutes.
        long failuresCheckedAt = System.nanoTime();
        for (long ready; (ready = total(lore, "ready")) < corpus.size(); ) {
            if (System.nanoTime() - failuresCheckedAt > 5_000_000_000L) {
                failuresCheckedAt = System.nanoTime();
                long failed = total(lore, "failed");
                if (failed > 0) {
                    throw new IllegalStateException(failed + " documents failed");
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double left = ready == 0 ? 100 : (corpus.size() - ready) * elapsed / ready;
            Thread.sleep((long) (1000 * Math.clamp(left / 20, 0.25, 5)));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The tokens the model reads of the whole corpus, counted before anything is timed. */
    private static long corpusTokens(List<Doc> corpus) {
        ExecutorService none = Executors.newSingleThreadExecutor();
        try {
            TextTokenizer tokenizer = new EmbeddingModels(none).tokenizer(MODEL);
            return corpus.stream().mapToLong(d -> tokens(tokenizer, d.text())).sum();
        } finally {
            none.shutdown();
        }
    }

    private static long total(Gateway lore, String status) throws Exception {
        return JSON.readTree(lore.send(lore.request("/v1/documents?page_size=1&status=" + status).build(), 200))
                .get("total").asLong();
    }

    private static void evaluate(Gateway lore, Path dataset) throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dataset.resolve("queries.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            queries.put(n.get("_id").asText(), n.get("text").asText());
        }
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dataset.resolve("qrels/test.tsv")).stream().skip(1).toList()) {
            String[] f = line.split("\t");
            qrels.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], Integer.parseInt(f[2]));
        }
        List<Double> rates = Arrays.stream(System.getProperty("rates", "0,0.3,0.5,0.6,0.65,0.7,0.75,0.8,0.85,0.9,0.95,1")
                .split(",")).map(Double::valueOf).toList();
        for (double rate : rates) {
            double ndcg = 0;
            double recall = 0;
            for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
                String body = JSON.writeValueAsString(Map.of("prompt", queries.get(q.getKey()), "top_k", 50,
                        "embedding_rate", rate));
                List<String> ranked = ranked(JSON.readTree(lore.send(lore.request("/v1/vector/match")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 200))
                        .get("list"), "document_name");
                ndcg += ndcg(ranked, q.getValue(), 10);
                recall += recall(ranked, q.getValue(), 50);
            }
            System.out.printf(Locale.ROOT, "vector/match embedding_rate %.2f: nDCG@10 %.4f, Recall@50 %.4f (%d queries)%n",
                    rate, ndcg / qrels.size(), recall / qrels.size(), qrels.size());
        }
        double recall100 = 0;
        for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
            String body = JSON.writeValueAsString(Map.of("query", queries.get(q.getKey()), "top_k", 100));
            List<String> ranked = ranked(JSON.readTree(lore.send(lore.request("/v1/rag/query")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 200)).get("results"), "document_name");
            recall100 += recall(ranked, q.getValue(), 100);
        }
        System.out.printf(Locale.ROOT, "rag/query: Recall@100 %.4f%n", recall100 / qrels.size());
    }

    /** BEIR ids in rank order, one per document (its best chunk). */
    private static List<String> ranked(JsonNode list, String nameField) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode item : list) {
            String name = item.get(nameField).asText();
            ids.add(name.substring(0, name.lastIndexOf('.')));
        }
        return List.copyOf(ids);
    }

    private static double ndcg(List<String> ranked, Map<String, Integer> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int rel = relevant.getOrDefault(ranked.get(i), 0);
            dcg += (Math.pow(2, rel) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        List<Integer> ideal = relevant.values().stream().sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += (Math.pow(2, ideal.get(i)) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double recall(List<String> ranked, Map<String, Integer> relevant, int k) {
        long positives = relevant.values().stream().filter(r -> r > 0).count();
        long found = ranked.stream().limit(k).filter(id -> relevant.getOrDefault(id, 0) > 0).count();
        return positives == 0 ? 0 : (double) found / positives;
    }
}
