package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a range into pieces of at most a given number of tokens, trying separators coarsest
 * first (paragraphs, lines, sentences, words) and cutting at token boundaries only when nothing
 * else is left (e.g. Chinese without punctuation). Pieces tile the range; {@link GreedyPacker}
 * merges them back into chunks.
 */
final class PieceSplitter {
    private final Doc doc;

    PieceSplitter(Doc doc) {
        this.doc = doc;
    }

    List<Span> split(int from, int to, Separator first, int size) {
        List<Span> out = new ArrayList<>();
        split(from, to, first, size, out);
        return out;
    }

    private void split(int from, int to, Separator level, int size, List<Span> out) {
        if (from >= to) {
            return;
        }
        if (doc.count(from, to) <= size) {
            out.add(new Span(from, to));
            return;
        }
        if (level == null) {
            splitAtTokens(from, to, size, out);
            return;
        }
        int start = from;
        for (int cut : level.cuts(doc.text, from, to)) {
            split(start, cut, level.finer(), size, out);
            start = cut;
        }
        split(start, to, level.finer(), size, out);
    }

    /** Windows of size tokens, cut at token ends moved back to a grapheme boundary. */
    private void splitAtTokens(int from, int to, int size, List<Span> out) {
        TokenIndex tokens = doc.tokens;
        int last = tokens.tokensUpTo(to);
        int start = from;
        while (start < to) {
            int endToken = tokens.tokensUpTo(start) + size;
            int end = endToken >= last ? to : doc.graphemes.floor(tokens.end(endToken - 1));
            if (end <= start) {
                end = doc.graphemes.ceil(start + 1);
            }
            out.add(new Span(start, end));
            start = end;
        }
    }
}
