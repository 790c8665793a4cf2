package dev.lore.chunking;

/**
 * What the caller asked for. Sizes are in tokens of the model's tokenizer.
 *
 * @param semanticThreshold cosine similarity of adjacent sentences below which the semantic
 *                          strategy starts a new chunk
 */
public record ChunkingOptions(ChunkStrategy strategy, int chunkSize, int chunkOverlap, double semanticThreshold) {
    public static final int MIN_CHUNK_SIZE = 16;
    public static final int MAX_CHUNK_SIZE = 8192;

    /**
     * Throws IllegalArgumentException naming the bad field as the request spells it
     * ({@code chunk_strategy}, {@code chunk_size}, {@code chunk_overlap},
     * {@code chunk_semantic_threshold}).
     */
    public void validate() {
        if (strategy == null) {
            throw new IllegalArgumentException("chunk_strategy is required");
        }
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk_size must be between " + MIN_CHUNK_SIZE + " and "
                    + MAX_CHUNK_SIZE + " tokens, got " + chunkSize);
        }
        if (chunkOverlap < 0 || chunkOverlap >= chunkSize) {
            throw new IllegalArgumentException("chunk_overlap must be at least 0 and less than chunk_size ("
                    + chunkSize + "), got " + chunkOverlap);
        }
        if (!(semanticThreshold > 0 && semanticThreshold < 1)) {
            throw new IllegalArgumentException("chunk_semantic_threshold must be between 0 and 1 (exclusive), got "
                    + semanticThreshold);
        }
    }
}
