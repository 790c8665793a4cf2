package dev.lore.index.qdrant;

import java.util.List;
import org.junit.jupiter.api.Test;

class TmpSmokeTest {
    @Test
    void smoke() throws Exception {
        long t = System.nanoTime();
        try (QdrantVectorIndex index = new QdrantVectorIndex(new QdrantSettings("127.0.0.1", 1, "k", false, "lore_", List.of()))) {
            System.out.println("built in " + (System.nanoTime() - t) / 1_000_000 + " ms");
            try {
                index.collections();
            } catch (Exception e) {
                System.out.println("GOT " + e + " / cause " + e.getCause());
            }
            try {
                index.count("baai/x", "p", dev.lore.index.Filter.all());
            } catch (Exception e) {
                System.out.println("GOT " + e);
            }
        }
        System.out.println("total " + (System.nanoTime() - t) / 1_000_000 + " ms");
    }
}
