package dev.lore.chunking;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Grapheme-cluster boundaries of one text, so that cuts never fall inside a surrogate pair, a
 * combining sequence or an emoji sequence. Not thread-safe: one instance per text and thread.
 */
final class Graphemes {
    /** Below the combining marks: no such character extends, joins or prepends to a cluster. */
    private static final char FIRST_CLUSTERING = '\u0300';

    private final String text;
    /** Made on first need: the JDK's iterator scans the whole text in setText, and most cuts need none. */
    private BreakIterator boundaries;

    Graphemes(String text) {
        this.text = text;
    }

    /** The last boundary at or before pos. */
    int floor(int pos) {
        if (pos <= 0) {
            return 0;
        }
        if (pos >= text.length()) {
            return text.length();
        }
        return plainBoundary(pos) || iterator().isBoundary(pos) ? pos : iterator().preceding(pos);
    }

    /** The first boundary at or after pos. */
    int ceil(int pos) {
        if (pos <= 0) {
            return 0;
        }
        if (pos >= text.length()) {
            return text.length();
        }
        return plainBoundary(pos) || iterator().isBoundary(pos) ? pos : iterator().following(pos);
    }

    /** Between two characters below U+0300 every position is a boundary, except inside CR LF. */
    private boolean plainBoundary(int pos) {
        char before = text.charAt(pos - 1);
        char after = text.charAt(pos);
        return before < FIRST_CLUSTERING && after < FIRST_CLUSTERING && !(before == '\r' && after == '\n');
    }

    private BreakIterator iterator() {
        if (boundaries == null) {
            boundaries = BreakIterator.getCharacterInstance(Locale.ROOT);
            boundaries.setText(text);
        }
        return boundaries;
    }
}
