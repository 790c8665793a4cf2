package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Windows of exactly size tokens (the last may be shorter), each starting size - overlap tokens
 * after the previous one, cut at token ends (moved back to a grapheme boundary if a token ends
 * inside one).
 */
final class FixedStrategy implements TextStrategy {
    @Override
    public List<Span> split(Doc doc, int from, int to, int size, int overlap) {
        TokenIndex tokens = doc.tokens;
        int first = tokens.tokensUpTo(from);
        int last = tokens.tokensUpTo(to);
        List<Span> windows = new ArrayList<>();
        int stride = size - overlap;
        for (int t = first; ; t += stride) {
            int start = t == first ? from : Math.max(from, doc.graphemes.floor(tokens.end(t - 1)));
            int endToken = Math.min(t + size, last);
            int end = endToken == last ? to : doc.graphemes.floor(tokens.end(endToken - 1));
            if (end > start) {
                windows.add(new Span(start, end));
            }
            if (endToken == last) {
                return windows;
            }
        }
    }
}
