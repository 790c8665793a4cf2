package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Windows of exactly size tokens (the last may be shorter), each starting size - overlap tokens
 * after the previous one.
 */
final class FixedStrategy implements TextStrategy {
    @Override
    public List<Span> split(Doc doc, int from, int to, int size, int overlap) {
        return windows(doc, from, to, size, size - overlap);
    }

    /**
     * Token windows of [from, to), cut at token ends. A token ending inside a grapheme (a
     * surrogate pair, a combining sequence) moves the cut back to the grapheme's start; the window
     * is then counted from its actual start, so it never holds more than size tokens.
     */
    static List<Span> windows(Doc doc, int from, int to, int size, int stride) {
        TokenIndex tokens = doc.tokens;
        int last = tokens.tokensUpTo(to);
        List<Span> windows = new ArrayList<>();
        int start = from;
        while (true) {
            int first = tokens.tokensUpTo(start);
            int endToken = first + size;
            int end = endToken >= last ? to : doc.graphemes.floor(tokens.end(endToken - 1));
            if (end <= start) {
                end = doc.graphemes.ceil(start + 1);
            }
            windows.add(new Span(start, end));
            if (end >= to) {
                return windows;
            }
            int next = first + stride >= last ? end : doc.graphemes.floor(tokens.end(first + stride - 1));
            start = next > start ? next : end;
        }
    }
}
