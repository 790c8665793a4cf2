package dev.lore.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The tokenizer of one embedding model, loaded without the model itself, so chunk sizes can be
 * measured in the tokens the model will actually see. Counts exclude special tokens and are never
 * truncated (the model files' own truncation is switched off here).
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxContentTokens;

    TextTokenizer(InputStream tokenizerJson, int maxContentTokens) {
        try (tokenizerJson) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.maxContentTokens = maxContentTokens;
    }

    /** Tokens of text a single chunk may hold for this model. */
    public int maxContentTokens() {
        return maxContentTokens;
    }

    public int countTokens(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return tokenizer.encode(text, false, false).getIds().length;
    }

    /**
     * Character end offset (exclusive) of each token of {@code text}, in order. Lets a chunker cut
     * exactly at a token boundary.
     */
    public int[] tokenEnds(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        Encoding enc = tokenizer.encode(text, false, false);
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] ends = new int[spans.length];
        int last = 0;
        for (int i = 0; i < spans.length; i++) {
            // Unknown or byte-level tokens may carry no span: they end where the previous one did.
            last = spans[i] == null ? last : Math.max(last, spans[i].getEnd());
            ends[i] = last;
        }
        return ends;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
