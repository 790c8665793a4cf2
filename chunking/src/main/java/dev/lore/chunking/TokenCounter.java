package dev.lore.chunking;

import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Counts tokens exactly as the embedding model sees them (no special tokens). Implementations
 * must be thread-safe: one {@link Chunker} serves many threads and may itself count in parallel.
 */
public interface TokenCounter {
    int countTokens(String text);

    /**
     * Exclusive char (UTF-16) end offset of each token of text, in order (for cutting exactly at
     * token boundaries).
     */
    int[] tokenEnds(String text);

    /** Most tokens one chunk may hold for this model (e.g. 510 for bge-small, 126 for all-MiniLM). */
    int maxTokens();

    /** A counter over a model tokenizer's methods. */
    static TokenCounter of(ToIntFunction<String> countTokens, Function<String, int[]> tokenEnds, int maxTokens) {
        return new TokenCounter() {
            @Override
            public int countTokens(String text) {
                return countTokens.applyAsInt(text);
            }

            @Override
            public int[] tokenEnds(String text) {
                return tokenEnds.apply(text);
            }

            @Override
            public int maxTokens() {
                return maxTokens;
            }
        };
    }
}
