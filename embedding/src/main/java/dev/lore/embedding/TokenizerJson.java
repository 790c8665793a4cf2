package dev.lore.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The {@code tokenizer.json} tokenizer of an in-process model, loaded without the model itself, so
 * chunk sizes can be measured in the tokens the model will actually see. Counts exclude special tokens and are never
 * truncated (the model files' own truncation is switched off here). Counting is on the hot path
 * of chunking, so it reads only what it needs from the native encoding (about a third faster than
 * materialising the whole {@code Encoding}).
 */
final class TokenizerJson implements TextTokenizer {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxContentTokens;

    TokenizerJson(InputStream tokenizerJson, int maxContentTokens) {
        try (tokenizerJson) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.maxContentTokens = maxContentTokens;
    }

    @Override
    public int maxContentTokens() {
        return maxContentTokens;
    }

    @Override
    public int countTokens(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, false);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding).length;
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    @Override
    public int[] tokenEnds(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        CharSpan[] spans;
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, false);
        try {
            spans = TokenizersLibrary.LIB.getTokenCharSpans(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
        // The tokenizer reports code-point offsets; they differ from Java's char offsets after
        // any supplementary character (emoji, rare CJK).
        int codePoints = text.codePointCount(0, text.length());
        int[] charAt = null;
        if (codePoints != text.length()) {
            charAt = new int[codePoints + 1];
            for (int cp = 0, i = 0; cp < codePoints; cp++) {
                i += Character.charCount(text.codePointAt(i));
                charAt[cp + 1] = i;
            }
        }
        int[] ends = new int[spans.length];
        int last = 0;
        for (int i = 0; i < spans.length; i++) {
            // Unknown or byte-level tokens may carry no span: they end where the previous one did.
            if (spans[i] != null) {
                int end = Math.min(spans[i].getEnd(), codePoints);
                last = Math.max(last, charAt == null ? end : charAt[end]);
            }
            ends[i] = last;
        }
        return ends;
    }

    @Override
    public int[] inputIds(String text) {
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, true);
        try {
            long[] ids = TokenizersLibrary.LIB.getTokenIds(encoding);
            int[] out = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = (int) ids[i];
            }
            return out;
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
