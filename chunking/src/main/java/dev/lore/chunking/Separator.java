package dev.lore.chunking;

import java.util.stream.IntStream;

/**
 * The boundaries text is split at, coarsest first. Each level returns cut positions strictly
 * inside the range; a cut is where the next piece's first non-whitespace char is, so the
 * separator stays at the end of the previous piece and pieces tile the range.
 */
enum Separator {
    PARAGRAPH {
        @Override
        int[] cuts(String t, int from, int to) {
            IntStream.Builder cuts = IntStream.builder();
            for (int i = from; i < to; i++) {
                if (t.charAt(i) != '\n') {
                    continue;
                }
                int j = i + 1;
                while (j < to && t.charAt(j) != '\n' && Character.isWhitespace(t.charAt(j))) {
                    j++;
                }
                if (j < to && t.charAt(j) == '\n') {
                    int next = skipWhitespace(t, j, to);
                    if (next < to) {
                        cuts.add(next);
                    }
                    i = next;
                }
            }
            return cuts.build().toArray();
        }
    },
    LINE {
        @Override
        int[] cuts(String t, int from, int to) {
            IntStream.Builder cuts = IntStream.builder();
            for (int i = from; i < to; i++) {
                if (t.charAt(i) == '\n') {
                    int next = skipWhitespace(t, i, to);
                    if (next < to) {
                        cuts.add(next);
                    }
                    i = next;
                }
            }
            return cuts.build().toArray();
        }
    },
    SENTENCE {
        @Override
        int[] cuts(String t, int from, int to) {
            return SentenceSplitter.cuts(t, from, to);
        }
    },
    WORD {
        @Override
        int[] cuts(String t, int from, int to) {
            IntStream.Builder cuts = IntStream.builder();
            for (int i = from + 1; i < to; i++) {
                if (!Character.isWhitespace(t.charAt(i)) && Character.isWhitespace(t.charAt(i - 1))) {
                    cuts.add(i);
                }
            }
            return cuts.build().toArray();
        }
    };

    abstract int[] cuts(String text, int from, int to);

    /** The next finer level, or null below words (then only token boundaries are left). */
    Separator finer() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }

    private static int skipWhitespace(String t, int i, int to) {
        while (i < to && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }
}
