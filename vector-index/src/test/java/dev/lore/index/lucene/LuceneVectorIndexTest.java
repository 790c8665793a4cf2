package dev.lore.index.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lore.index.Filter;
import dev.lore.index.IndexHit;
import dev.lore.index.IndexPoint;
import dev.lore.index.SearchRequest;
import dev.lore.index.VectorIndex;
import dev.lore.index.VectorIndexContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

class LuceneVectorIndexTest extends VectorIndexContract {
    @Override
    protected VectorIndex open(Path dir) {
        return new LuceneVectorIndex(dir);
    }

    @Test
    void hitsFromSegmentsWrittenBeforePointIdDocValuesKeepTheirIds() throws Exception {
        IndexPoint legacy = point("p", "kb", "doc-old", 1, "an older chunk", new float[] {1, 0, 0, 0}, Map.of());
        index.close();
        Path collection = dir.resolve(LuceneVectorIndex.slug(MODEL));
        try (IndexWriter w = new IndexWriter(FSDirectory.open(collection),
                new IndexWriterConfig(dev.lore.index.TextAnalysis.ANALYZER))) {
            Document d = Fields.document(legacy, legacy.vector());
            d.removeField(Fields.POINT_ID_VALUE);
            w.addDocument(d);
        }
        index = open(dir);
        IndexPoint current = point("p", "kb", "doc-new", 1, "a newer chunk", new float[] {0.9f, 0.1f, 0, 0},
                Map.of());
        index.upsert(MODEL, List.of(current));
        index.commit();

        List<IndexHit> hits = index.search(MODEL, SearchRequest.of("p", Filter.all(), new float[] {1, 0, 0, 0},
                "chunk", 10));
        assertEquals(Set.of(legacy.pointId(), current.pointId()),
                hits.stream().map(IndexHit::pointId).collect(Collectors.toSet()));
    }

    @Test
    void searchesOverManySegmentsFindTheBest() {
        // One commit per batch leaves many segments; each is searched (in parallel where large).
        List<IndexPoint> all = new ArrayList<>();
        for (int batch = 0; batch < 12; batch++) {
            List<IndexPoint> points = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                double angle = (batch * 20 + i) * 2 * Math.PI / 240;
                points.add(point("p", "kb", "doc-" + batch, 1, "chunk " + batch + " " + i,
                        new float[] {(float) Math.cos(angle), (float) Math.sin(angle), 0, 0}, Map.of()));
            }
            index.upsert(MODEL, points);
            index.commit();
            all.addAll(points);
        }
        List<IndexHit> hits = index.search(MODEL, SearchRequest.of("p", Filter.all(), new float[] {0, 1, 0, 0},
                null, 5));
        IndexHit best = hits.stream().max(java.util.Comparator.comparingDouble(IndexHit::denseScore)).orElseThrow();
        assertEquals(all.get(60).pointId(), best.pointId(), "the point at 90 degrees");
        assertEquals(5, hits.size());
    }
}
