package dev.lore.chunking;

import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.TextEmbedder;
import dev.lore.embedding.TextTokenizer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The real bge tokenizers and model, loaded once for the whole test run. */
final class ModelTokens {
    static final String EN = "baai/bge-small-en-v1.5";
    static final String ZH = "baai/bge-small-zh-v1.5";

    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-embedding");
        t.setDaemon(true);
        return t;
    });
    private static final EmbeddingModels MODELS = new EmbeddingModels(EXECUTOR);

    private ModelTokens() {
    }

    static TokenCounter counter(String id) {
        TextTokenizer tok = MODELS.tokenizer(id);
        return TokenCounter.of(tok::countTokens, tok::tokenEnds, tok.maxContentTokens());
    }

    static SentenceEmbedder embedder(String id) {
        TextEmbedder model = MODELS.model(id);
        return model::embedTexts;
    }

    static List<String> contents(ChunkingResult result) {
        return result.chunks().stream().map(Chunk::content).toList();
    }
}
