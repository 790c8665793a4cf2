package dev.lore.retrieval.service;

import dev.lore.index.VectorIndex;
import dev.lore.index.lucene.LuceneVectorIndex;
import dev.lore.index.qdrant.QdrantSettings;
import dev.lore.index.qdrant.QdrantVectorIndex;
import dev.lore.retrieval.config.RetrievalConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.util.List;

/** The vector index the configuration selects: embedded Lucene (default) or Qdrant. */
@ApplicationScoped
public class IndexProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    VectorIndex index(RetrievalConfig config) {
        return switch (config.index().kind()) {
            case "lucene" -> new LuceneVectorIndex(config.dataDir().resolve("index"));
            case "qdrant" -> {
                RetrievalConfig.Index.Qdrant q = config.index().qdrant();
                yield new QdrantVectorIndex(new QdrantSettings(q.host(), q.port(), q.apiKey().orElse(null), q.tls(),
                        q.collectionPrefix(), q.indexedMetadata().orElse(List.of())));
            }
            default -> throw new IllegalStateException("lore.index.kind must be lucene or qdrant, not "
                    + config.index().kind());
        };
    }

    void close(@Disposes VectorIndex index) throws IOException {
        index.close();
    }
}
