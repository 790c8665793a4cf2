package dev.lore.chunking;

import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.LocalEmbeddingModel;
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
        return new Adapter(MODELS.tokenizer(id));
    }

    static SentenceEmbedder embedder(String id) {
        LocalEmbeddingModel model = MODELS.model(id);
        return model::embedTexts;
    }

    /** TokenCounter over a model tokenizer, as the ingestion service wires it. */
    record Adapter(TextTokenizer tokenizer) implements TokenCounter {
        @Override
        public int countTokens(String text) {
            return tokenizer.countTokens(text);
        }

        /**
         * The HuggingFace tokenizer reports offsets in code points, not UTF-16 chars; they differ
         * after any supplementary character (emoji, rare CJK), so convert.
         */
        @Override
        public int[] tokenEnds(String text) {
            int[] ends = tokenizer.tokenEnds(text);
            int codePoints = text.codePointCount(0, text.length());
            if (codePoints != text.length()) {
                int[] charOffset = new int[codePoints + 1];
                for (int cp = 0, i = 0; cp < codePoints; cp++) {
                    i += Character.charCount(text.codePointAt(i));
                    charOffset[cp + 1] = i;
                }
                for (int i = 0; i < ends.length; i++) {
                    ends[i] = charOffset[Math.min(ends[i], codePoints)];
                }
            }
            return ends;
        }

        @Override
        public int maxTokens() {
            return tokenizer.maxContentTokens();
        }
    }

    static List<String> contents(ChunkingResult result) {
        return result.chunks().stream().map(Chunk::content).toList();
    }
}
