package dev.lore.chunking;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Grapheme-cluster boundaries of one text, so that cuts never fall inside a surrogate pair, a
 * combining sequence or an emoji sequence. Not thread-safe: one instance per text and thread.
 */
final class Graphemes {
    private final BreakIterator boundaries = BreakIterator.getCharacterInstance(Locale.ROOT);
    private final int length;

    Graphemes(String text) {
        boundaries.setText(text);
        this.length = text.length();
    }

    /** The last boundary at or before pos. */
    int floor(int pos) {
        if (pos <= 0) {
            return 0;
        }
        if (pos >= length) {
            return length;
        }
        return boundaries.isBoundary(pos) ? pos : boundaries.preceding(pos);
    }

    /** The first boundary at or after pos. */
    int ceil(int pos) {
        if (pos <= 0) {
            return 0;
        }
        if (pos >= length) {
            return length;
        }
        return boundaries.isBoundary(pos) ? pos : boundaries.following(pos);
    }
}
