package dev.lore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.index.IndexPoint;
import dev.lore.index.lucene.LuceneVectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Bench-only: fills a stopped stack's embedded index with many chunks without the model (random
 * unit vectors; SciFact text for the keyword side), so query latency can be measured at scale.
 * Run it while ./lore is down, then start ./lore on the same data dir. Usage:
 * {@code -Ddata=/tmp/lore-bench -Dpoints=100000 -Dproject=bench}
 */
public final class IndexLoader {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("data", ".lore"));
        int points = Integer.getInteger("points", 100_000);
        String project = System.getProperty("project", "bench");
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("dataset", "../shared/bench/scifact"))
                .resolve("corpus.jsonl"))) {
            texts.add(json.readTree(line).get("text").asText());
        }
        Random random = new Random(42);
        String kb = UUID.nameUUIDFromBytes(project.getBytes()).toString();
        long t0 = System.nanoTime();
        try (LuceneVectorIndex index = new LuceneVectorIndex(data.resolve("retrieval").resolve("index"))) {
            index.ensureCollection(EmbeddingModels.BGE_SMALL_EN, 384);
            List<IndexPoint> batch = new ArrayList<>();
            String doc = null;
            for (int i = 0; i < points; i++) {
                if (i % 10 == 0) {
                    doc = UUID.randomUUID().toString();
                }
                float[] v = new float[384];
                for (int d = 0; d < v.length; d++) {
                    v[d] = (float) random.nextGaussian();
                }
                batch.add(new IndexPoint(UUID.randomUUID().toString(), project, kb, doc, 1, i % 10, doc + ".txt",
                        texts.get(i % texts.size()), null, "text", null, Map.of(), true, true,
                        System.currentTimeMillis(), v));
                if (batch.size() == 1000) {
                    index.upsert(EmbeddingModels.BGE_SMALL_EN, batch);
                    batch.clear();
                }
            }
            index.upsert(EmbeddingModels.BGE_SMALL_EN, batch);
            index.commit();
        }
        System.out.printf("loaded %d points into project %s in %.1f s%n", points, project, (System.nanoTime() - t0) / 1e9);
    }
}
