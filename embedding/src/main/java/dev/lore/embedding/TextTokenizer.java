package dev.lore.embedding;

/**
 * The tokenizer of one embedding model, so chunk sizes can be measured in the tokens the model
 * will actually see. Counts exclude special tokens and are never truncated. Thread-safe.
 */
public interface TextTokenizer extends AutoCloseable {

    /** Tokens of text a single chunk may hold for this model. */
    int maxContentTokens();

    int countTokens(String text);

    /**
     * Exclusive UTF-16 end offset of each token of {@code text}, in order, so a chunker can cut
     * exactly at a token boundary.
     */
    int[] tokenEnds(String text);

    /**
     * The ids the model reads for {@code text}, special tokens included and nothing cut, so that
     * whoever embeds the text later need not tokenize it again (see
     * {@link TextEmbedder#embedTexts(java.util.List, java.util.List)}); null where this tokenizer
     * only counts (a remote model's).
     */
    default int[] inputIds(String text) {
        return null;
    }

    @Override
    default void close() {
    }
}
