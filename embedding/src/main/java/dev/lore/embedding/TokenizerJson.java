package dev.lore.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
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
    /**
     * The last text counted or split on this thread, with its ids: the chunker's last look at a
     * chunk (for a short document, its one look at the whole text) is followed by
     * {@link #inputIds} of that same text, which then needs no second pass.
     */
    private final ThreadLocal<Encoded> last = new ThreadLocal<>();
    /** The special tokens the model's template puts around a text; null if it is not that simple. */
    private final long[] prefix;
    private final long[] suffix;

    private record Encoded(String text, long[] ids) {}

    TokenizerJson(InputStream tokenizerJson, int maxContentTokens) {
        try (tokenizerJson) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.maxContentTokens = maxContentTokens;
        long[] bare = ids("a", false);
        long[] framed = ids("a", true);
        int at = indexOf(framed, bare);
        this.prefix = at < 0 ? null : Arrays.copyOfRange(framed, 0, at);
        this.suffix = at < 0 ? null : Arrays.copyOfRange(framed, at + bare.length, framed.length);
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
        long[] ids = ids(text, false);
        last.set(new Encoded(text, ids));
        return ids.length;
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
            last.set(new Encoded(text, TokenizersLibrary.LIB.getTokenIds(encoding)));
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
        Encoded seen = last.get();
        long[] ids;
        if (seen != null && prefix != null && seen.text().equals(text)) {
            long[] content = seen.ids();
            ids = new long[prefix.length + content.length + suffix.length];
            System.arraycopy(prefix, 0, ids, 0, prefix.length);
            System.arraycopy(content, 0, ids, prefix.length, content.length);
            System.arraycopy(suffix, 0, ids, prefix.length + content.length, suffix.length);
        } else {
            ids = ids(text, true);
        }
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    private long[] ids(String text, boolean specialTokens) {
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, specialTokens);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /** Where {@code part} starts in {@code whole}, or -1. */
    private static int indexOf(long[] whole, long[] part) {
        for (int i = 0; i + part.length <= whole.length; i++) {
            if (Arrays.equals(whole, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
