package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where every token of the document ends, from one tokenization of the whole text. Any span's
 * token count is then two binary searches, so splitting and packing never re-tokenize; the final
 * chunks are still counted exactly (see {@link SizeGuard}), since a span tokenized on its own may
 * differ slightly when it was cut inside a word.
 *
 * <p>A text of one tokenizer window is first only counted: most documents fit in one chunk, and
 * then nothing asks where their tokens end (the offsets cost the tokenizer about half again as
 * much as the count). The offsets are read on the first question that needs them.
 */
final class TokenIndex {
    /** Chars per tokenizer call: large enough to amortize the native call, small enough to parallelize. */
    private static final int WINDOW = 16_384;
    /** How far past a window's nominal end to look for whitespace to cut at. */
    private static final int CUT_SEARCH = 512;

    private final TokenCounter counter;
    private final String text;
    /** The exact token count of the whole text, or -1 when it was tokenized in windows. */
    private final int wholeTextCount;
    private int[] ends;

    private TokenIndex(TokenCounter counter, String text, int wholeTextCount, int[] ends) {
        this.counter = counter;
        this.text = text;
        this.wholeTextCount = wholeTextCount;
        this.ends = ends;
    }

    static TokenIndex build(TokenCounter counter, String text) {
        List<Span> windows = windows(text);
        if (windows.size() == 1) {
            return new TokenIndex(counter, text, counter.countTokens(text), null);
        }
        IntStream ids = IntStream.range(0, windows.size());
        // Both cores pay off on large documents: tokenization is most of the chunking time.
        int[][] parts = ids.parallel()
                .mapToObj(i -> endsOf(counter, text, windows.get(i)))
                .toArray(int[][]::new);
        int total = 0;
        for (int[] part : parts) {
            total += part.length;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return new TokenIndex(counter, text, -1, all);
    }

    /** The token ends, read from the tokenizer on first need (a text of one window). */
    private int[] ends() {
        if (ends == null) {
            ends = endsOf(counter, text, new Span(0, text.length()));
        }
        return ends;
    }

    /** Cuts the text at whitespace (where tokens never span) into tokenizer-sized windows. */
    private static List<Span> windows(String text) {
        List<Span> windows = new ArrayList<>();
        Graphemes graphemes = null;
        int start = 0;
        while (start < text.length()) {
            int end = start + WINDOW;
            if (end >= text.length()) {
                end = text.length();
            } else {
                int limit = Math.min(text.length(), end + CUT_SEARCH);
                int ws = end;
                while (ws < limit && !Character.isWhitespace(text.charAt(ws))) {
                    ws++;
                }
                if (ws < limit) {
                    end = ws;
                } else {
                    // No whitespace (e.g. Chinese): any character boundary will do.
                    graphemes = graphemes == null ? new Graphemes(text) : graphemes;
                    end = Math.max(start + 1, graphemes.floor(end));
                }
            }
            windows.add(new Span(start, end));
            start = end;
        }
        return windows;
    }

    /** Token ends of one window as document offsets, made monotonic and kept inside the window. */
    private static int[] endsOf(TokenCounter counter, String text, Span window) {
        int[] ends = counter.tokenEnds(text.substring(window.start(), window.end()));
        int length = window.end() - window.start();
        int last = 0;
        for (int i = 0; i < ends.length; i++) {
            last = Math.min(length, Math.max(last, ends[i]));
            ends[i] = window.start() + last;
        }
        return ends;
    }

    /**
     * Number of tokens ending at or before pos. Until the offsets are read, the text's own ends
     * are answered from its count; after, everything comes from the offsets alone, so that
     * counts and offsets never mix.
     */
    int tokensUpTo(int pos) {
        if (ends == null && (pos == 0 || pos == text.length())) {
            return pos == 0 ? 0 : wholeTextCount;
        }
        int[] ends = ends();
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Tokens ending in (from, to]: the tokens of [from, to) when it was cut at token boundaries. */
    int count(int from, int to) {
        return tokensUpTo(to) - tokensUpTo(from);
    }

    /**
     * The exact token count of the whole text when one tokenizer call produced this index, else
     * -1 (a text stitched from windows is counted again where exactness matters).
     */
    int wholeTextCount() {
        return wholeTextCount;
    }

    /** Exclusive char end of token i. */
    int end(int i) {
        return ends()[i];
    }
}
