package dev.lore.chunking;

/** A chunk before it is measured and numbered: trimmed content and the span it came from. */
record Draft(int start, int end, String content, String title, ChunkType type) {
    /** The trimmed text of [from, to), or null if it is blank. */
    static Draft of(String text, int from, int to, String title, ChunkType type) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return from == to ? null : new Draft(from, to, text.substring(from, to), title, type);
    }

    /** Whether content is exactly the document's text at [start, end) (not a rebuilt table). */
    boolean isVerbatim(String text) {
        return content.length() == end - start && text.startsWith(content, start);
    }
}
