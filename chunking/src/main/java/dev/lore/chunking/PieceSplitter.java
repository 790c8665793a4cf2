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
            out.addAll(FixedStrategy.windows(doc, from, to, size, size));
            return;
        }
        int start = from;
        for (int cut : level.cuts(doc.text, from, to)) {
            split(start, cut, level.finer(), size, out);
            start = cut;
        }
        split(start, to, level.finer(), size, out);
    }
}
