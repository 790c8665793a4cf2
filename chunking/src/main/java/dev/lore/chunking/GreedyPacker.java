package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges consecutive pieces into chunks of at most a given number of tokens, each chunk after the
 * first starting with about {@code overlap} tokens from the end of the previous one. The overlap
 * starts at a sentence boundary where that keeps at least half of it, else at a word, else at a
 * token boundary; in whole-sentence mode only at a sentence boundary.
 */
final class GreedyPacker {
    private final Doc doc;

    GreedyPacker(Doc doc) {
        this.doc = doc;
    }

    /** @param pieces contiguous spans of at most size tokens each */
    List<Span> pack(List<Span> pieces, int size, int overlap, boolean wholeSentences) {
        List<Span> chunks = new ArrayList<>();
        if (pieces.isEmpty()) {
            return chunks;
        }
        int start = pieces.get(0).start();
        int i = 0;
        while (i < pieces.size()) {
            int j = i;
            while (j + 1 < pieces.size() && doc.count(start, pieces.get(j + 1).end()) <= size) {
                j++;
            }
            int end = pieces.get(j).end();
            chunks.add(new Span(start, end));
            i = j + 1;
            if (i < pieces.size()) {
                // The overlap must leave room for the next piece, or the next chunk could not grow.
                int budget = Math.min(overlap, size - doc.count(pieces.get(i)));
                start = budget > 0 ? overlapStart(start, end, budget, wholeSentences) : end;
            }
        }
        return chunks;
    }

    /** Where a chunk following [chunkStart, end) starts so it repeats at most budget tokens. */
    private int overlapStart(int chunkStart, int end, int budget, boolean wholeSentences) {
        TokenIndex tokens = doc.tokens;
        int firstToken = tokens.tokensUpTo(end) - budget;
        int target = firstToken <= 0 ? 0 : tokens.end(firstToken - 1);
        if (target <= chunkStart) {
            return end;
        }
        // Look back a little so a terminator just before the target is seen.
        int sentence = firstCutAtOrAfter(Separator.SENTENCE.cuts(doc.text, Math.max(chunkStart, target - 64), end),
                target, end);
        if (wholeSentences) {
            return sentence;
        }
        if (sentence < end && doc.count(sentence, end) * 2 >= budget) {
            return sentence;
        }
        int word = firstCutAtOrAfter(Separator.WORD.cuts(doc.text, target - 1, end), target, end);
        if (word < end && doc.count(word, end) * 2 >= budget) {
            return word;
        }
        int token = doc.graphemes.ceil(target);
        return token < end ? token : end;
    }

    /** The first cut at or after pos, or end when there is none. */
    private static int firstCutAtOrAfter(int[] cuts, int pos, int end) {
        for (int cut : cuts) {
            if (cut >= pos) {
                return cut;
            }
        }
        return end;
    }
}
