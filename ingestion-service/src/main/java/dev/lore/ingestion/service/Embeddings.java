package dev.lore.ingestion.service;

import dev.lore.chunking.Chunk;
import dev.lore.chunking.Chunker;
import dev.lore.chunking.SentenceEmbedder;
import dev.lore.chunking.TokenCounter;
import dev.lore.common.thread.BackgroundThreads;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.RemoteEmbeddingConfig;
import dev.lore.embedding.TextTokenizer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The knowledge bases' embedding models as the ingestion side needs them: tokenizers to size
 * chunks, and (for semantic chunking only) the model itself. Models load on first use.
 */
@ApplicationScoped
public class Embeddings {
    private final ExecutorService onnx = BackgroundThreads.pool("onnx", Runtime.getRuntime().availableProcessors());
    private final EmbeddingModels models;
    private final Map<String, Chunker> chunkers = new ConcurrentHashMap<>();

    /**
     * @param modelsDir drop-in ONNX models, the same directory the retrieval service reads
     * @param remote    remote models, configured as for the retrieval service (chunks are sized for them here)
     */
    public Embeddings(@ConfigProperty(name = "lore.embedding.models-dir") Optional<Path> modelsDir,
                      RemoteEmbeddingConfig remote) {
        this.models = new EmbeddingModels(onnx, modelsDir.orElse(null), remote.models());
    }

    public EmbeddingModels models() {
        return models;
    }

    /** A chunker that measures in the tokens of {@code modelId}. */
    public Chunker chunker(String modelId) {
        return chunkers.computeIfAbsent(modelId, id -> {
            TextTokenizer tokenizer = models.tokenizer(id);
            TokenCounter tokens = TokenCounter.of(tokenizer::countTokens, tokenizer::tokenEnds,
                    tokenizer.maxContentTokens());
            SentenceEmbedder embedder = sentences -> models.model(id).embedTexts(sentences);
            return new Chunker(tokens, embedder);
        });
    }

    /**
     * Each chunk's ids as the model will read them, so the embedding worker need not tokenize the
     * chunks again (about 1 % of the model's time); null for a remote model, whose tokenizer here
     * only counts.
     */
    public List<int[]> inputIds(String modelId, List<Chunk> chunks) {
        TextTokenizer tokenizer = models.tokenizer(modelId);
        List<int[]> ids = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            int[] chunkIds = tokenizer.inputIds(c.content());
            if (chunkIds == null) {
                return null;
            }
            ids.add(chunkIds);
        }
        return ids;
    }

    @PreDestroy
    void stop() {
        onnx.shutdownNow();
    }
}
