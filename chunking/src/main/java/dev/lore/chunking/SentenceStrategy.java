package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole sentences packed up to the size, overlapping by whole sentences. A sentence larger than
 * the size gets chunks of its own, split at words (or tokens), so every chunk is either whole
 * sentences or part of a single sentence.
 */
final class SentenceStrategy implements TextStrategy {
    @Override
    public List<Span> split(Doc doc, int from, int to, int size, int overlap) {
        GreedyPacker packer = new GreedyPacker(doc);
        List<Span> chunks = new ArrayList<>();
        List<Span> run = new ArrayList<>();
        int start = from;
        int[] cuts = Separator.SENTENCE.cuts(doc.text, from, to);
        for (int i = 0; i <= cuts.length; i++) {
            Span sentence = new Span(start, i < cuts.length ? cuts[i] : to);
            start = sentence.end();
            if (doc.count(sentence) <= size) {
                run.add(sentence);
                continue;
            }
            chunks.addAll(packer.pack(run, size, overlap, true));
            run.clear();
            List<Span> words = new PieceSplitter(doc).split(sentence.start(), sentence.end(), Separator.WORD, size);
            chunks.addAll(packer.pack(words, size, overlap, false));
        }
        chunks.addAll(packer.pack(run, size, overlap, true));
        return chunks;
    }
}
