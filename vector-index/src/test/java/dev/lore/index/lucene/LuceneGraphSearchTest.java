package dev.lore.index.lucene;

import dev.lore.index.VectorIndex;
import java.nio.file.Path;

/**
 * The contract again with every dense search on the HNSW graph: the other tests' projects are
 * small enough to be searched exactly ({@link LuceneVectorIndex#EXACT_UP_TO}).
 */
class LuceneGraphSearchTest extends LuceneVectorIndexTest {
    @Override
    protected VectorIndex open(Path dir) {
        return new LuceneVectorIndex(dir, 0);
    }
}
