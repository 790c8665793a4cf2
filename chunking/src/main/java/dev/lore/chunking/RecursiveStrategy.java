package dev.lore.chunking;

import java.util.List;

/**
 * Paragraphs, then lines, sentences, words and tokens, merged greedily up to the size with
 * overlap. Also cuts each section of the markdown strategy.
 */
final class RecursiveStrategy implements TextStrategy {
    @Override
    public List<Span> split(Doc doc, int from, int to, int size, int overlap) {
        List<Span> pieces = new PieceSplitter(doc).split(from, to, Separator.PARAGRAPH, size);
        return new GreedyPacker(doc).pack(pieces, size, overlap, false);
    }
}
