package dev.lore.chunking;

import java.util.stream.IntStream;

/**
 * Predictable tokenizer for exact assertions: a run of ASCII letters/digits is one token, every
 * other non-whitespace code point (punctuation, each CJK character, emoji) is one token.
 */
record FakeTokens(int maxTokens) implements TokenCounter {
    FakeTokens() {
        this(10_000);
    }

    @Override
    public int countTokens(String text) {
        return tokenEnds(text).length;
    }

    @Override
    public int[] tokenEnds(String text) {
        IntStream.Builder ends = IntStream.builder();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            if (isWordChar(cp)) {
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
            } else {
                i += Character.charCount(cp);
            }
            ends.add(i);
        }
        return ends.build().toArray();
    }

    private static boolean isWordChar(int cp) {
        return cp < 128 && Character.isLetterOrDigit(cp);
    }
}
