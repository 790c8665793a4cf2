package dev.lore.chunking;

/** The document being chunked, its token index and grapheme boundaries (one chunking call). */
final class Doc {
    final String text;
    final TokenIndex tokens;
    final Graphemes graphemes;

    Doc(String text, TokenIndex tokens) {
        this.text = text;
        this.tokens = tokens;
        this.graphemes = new Graphemes(text);
    }

    int count(int from, int to) {
        return tokens.count(from, to);
    }

    int count(Span span) {
        return tokens.count(span.start(), span.end());
    }

    boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
