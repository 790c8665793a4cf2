package dev.lore.index.qdrant;

import dev.lore.index.VectorIndex;
import dev.lore.index.VectorIndexContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.qdrant.QdrantContainer;

/** The contract against a real Qdrant; skipped where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class QdrantVectorIndexTest extends VectorIndexContract {
    @Container
    private static final QdrantContainer QDRANT = new QdrantContainer("qdrant/qdrant:v1.18.0");

    /** One prefix per test directory: reopening a directory sees its collections, no other test does. */
    private static final Map<Path, String> PREFIXES = new ConcurrentHashMap<>();
    private static final AtomicInteger OPENED = new AtomicInteger();

    @Override
    protected VectorIndex open(Path dir) {
        String prefix = PREFIXES.computeIfAbsent(dir, d -> "lore_t" + OPENED.incrementAndGet() + "_");
        return new QdrantVectorIndex(new QdrantSettings(QDRANT.getHost(), QDRANT.getGrpcPort(), null, false, prefix,
                List.of("team", "tags")));
    }
}
