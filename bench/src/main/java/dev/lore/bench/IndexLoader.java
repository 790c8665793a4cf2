package dev.lore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.TextEmbedder;
import dev.lore.index.Filter;
import dev.lore.index.IndexPoint;
import dev.lore.index.lucene.LuceneVectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bench-only: fills a stopped stack's embedded index with many chunks without embedding each one,
 * so query latency can be measured at scale. Run it while ./lore is down, then start ./lore on the
 * same data dir. Usage: {@code -Ddata=/tmp/lore-bench -Dpoints=100000 -Dproject=bench
 * [-Dvectors=sentences|random]}
 *
 * <p>{@code sentences} (default): the real model embeds a few thousand SciFact sentences once, and
 * each point is two of them: their text joined, their vectors averaged. That keeps the geometry of
 * real embeddings (clustered, low intrinsic dimension), which decides how much of the HNSW graph a
 * search walks, and keeps text and vector of a point consistent. {@code random}: Gaussian unit
 * vectors, HNSW's worst case, where a search degrades towards a scan.
 */
public final class IndexLoader {
    private static final int SENTENCES = 6000;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("data", ".lore"));
        int points = Integer.getInteger("points", 100_000);
        String project = System.getProperty("project", "bench");
        boolean random = System.getProperty("vectors", "sentences").equals("random");
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("dataset", "../shared/bench/scifact"))
                .resolve("corpus.jsonl"))) {
            texts.add(json.readTree(line).get("text").asText());
        }
        Random rnd = new Random(42);
        long t0 = System.nanoTime();
        List<String> sentences = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        if (!random) {
            sentences = sentences(texts, rnd);
            ExecutorService onnx = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            try {
                TextEmbedder model = new EmbeddingModels(onnx).model(EmbeddingModels.BGE_SMALL_EN);
                for (int i = 0; i < sentences.size(); i += 256) {
                    vectors.addAll(model.embedTexts(sentences.subList(i, Math.min(sentences.size(), i + 256))));
                }
            } finally {
                onnx.shutdown();
            }
            System.out.printf("embedded %d sentences in %.1f s%n", sentences.size(), (System.nanoTime() - t0) / 1e9);
        }
        String kb = UUID.nameUUIDFromBytes(project.getBytes()).toString();
        try (LuceneVectorIndex index = new LuceneVectorIndex(data.resolve("retrieval").resolve("index"))) {
            index.ensureCollection(EmbeddingModels.BGE_SMALL_EN, 384);
            // Loading twice would leave both sets searchable in one project and every figure wrong.
            long existing = index.count(EmbeddingModels.BGE_SMALL_EN, project, Filter.all());
            if (existing > 0) {
                throw new IllegalStateException("project " + project + " already holds " + existing + " points in "
                        + data.resolve("retrieval").resolve("index") + ": remove that directory or pass another -Dproject");
            }
            List<IndexPoint> batch = new ArrayList<>();
            String doc = null;
            for (int i = 0; i < points; i++) {
                if (i % 10 == 0) {
                    doc = UUID.randomUUID().toString();
                }
                float[] v = new float[384];
                String text;
                if (random) {
                    for (int d = 0; d < v.length; d++) {
                        v[d] = (float) rnd.nextGaussian();
                    }
                    text = texts.get(i % texts.size());
                } else {
                    int a = rnd.nextInt(sentences.size());
                    int b = rnd.nextInt(sentences.size());
                    for (int d = 0; d < v.length; d++) {
                        v[d] = vectors.get(a)[d] + vectors.get(b)[d];
                    }
                    text = sentences.get(a) + " " + sentences.get(b);
                }
                batch.add(new IndexPoint(UUID.randomUUID().toString(), project, kb, doc, 1, i % 10, doc + ".txt",
                        text, null, "text", null, Map.of(), true, true, System.currentTimeMillis(), v));
                if (batch.size() == 1000) {
                    index.upsert(EmbeddingModels.BGE_SMALL_EN, batch);
                    batch.clear();
                }
            }
            index.upsert(EmbeddingModels.BGE_SMALL_EN, batch);
            index.commit();
        }
        System.out.printf("loaded %d points (%s vectors) into project %s in %.1f s%n", points,
                random ? "random" : "sentence-pair", project, (System.nanoTime() - t0) / 1e9);
    }

    /** A random sample of the corpus's sentences of a useful length. */
    private static List<String> sentences(List<String> texts, Random rnd) {
        List<String> all = new ArrayList<>();
        for (String t : texts) {
            for (String s : t.split("(?<=[.!?])\\s+")) {
                if (s.length() >= 40 && s.length() <= 400) {
                    all.add(s);
                }
            }
        }
        java.util.Collections.shuffle(all, rnd);
        return List.copyOf(all.subList(0, Math.min(SENTENCES, all.size())));
    }
}
