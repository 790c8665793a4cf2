package dev.lore.chunking;

import java.util.List;

/**
 * Split into pieces from a given separator level down, then pack greedily with overlap. Starting
 * at paragraphs this is the recursive strategy (also used inside markdown sections); starting at
 * sentences, with overlap in whole sentences, it is the sentence strategy.
 */
final class PackingStrategy implements TextStrategy {
    static final PackingStrategy RECURSIVE = new PackingStrategy(Separator.PARAGRAPH, false);
    static final PackingStrategy SENTENCE = new PackingStrategy(Separator.SENTENCE, true);

    private final Separator first;
    private final boolean wholeSentences;

    private PackingStrategy(Separator first, boolean wholeSentences) {
        this.first = first;
        this.wholeSentences = wholeSentences;
    }

    @Override
    public List<Span> split(Doc doc, int from, int to, int size, int overlap) {
        List<Span> pieces = new PieceSplitter(doc).split(from, to, first, size);
        return new GreedyPacker(doc).pack(pieces, size, overlap, wholeSentences);
    }
}
