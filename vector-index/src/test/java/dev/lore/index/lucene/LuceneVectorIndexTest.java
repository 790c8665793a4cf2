package dev.lore.index.lucene;

import dev.lore.index.VectorIndex;
import dev.lore.index.VectorIndexContract;
import java.nio.file.Path;

class LuceneVectorIndexTest extends VectorIndexContract {
    @Override
    protected VectorIndex open(Path dir) {
        return new LuceneVectorIndex(dir);
    }
}
