package dev.lore.chunking;

import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Finds where sentences start, in English and CJK text. A sentence ends at ". ! ?" followed by
 * whitespace (not after an abbreviation, an initial or before a lower-case word), at CJK
 * terminators even without a following space, at a blank line, after a heading line and before a
 * line that starts a Markdown block (heading, list item, quote, table row). Closing quotes,
 * brackets and "…" after a terminator stay with the sentence; so does the whitespace after it, so
 * sentences tile the text.
 */
final class SentenceSplitter {
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "cf", "fig", "figs", "eq", "eqs",
            "vol", "vols", "pp", "ch", "sec", "approx", "dept", "est", "inc", "ltd", "co", "corp",
            "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");
    private static final String CLOSERS = "\"'”’」』）)]}》〉】〕»…";

    private SentenceSplitter() {
    }

    /** Start offsets of the sentences after the first, strictly inside (from, to), ascending. */
    static int[] cuts(String t, int from, int to) {
        IntStream.Builder cuts = IntStream.builder();
        int i = from;
        while (i < to) {
            char c = t.charAt(i);
            int next = -1;
            if (c == '\n') {
                next = afterNewline(t, i, to);
            } else if (isCjkTerminator(c)) {
                next = skipWhitespace(t, skipClosers(t, skipTerminators(t, i, to), to), to);
            } else if (c == '.' || c == '!' || c == '?') {
                next = afterLatinTerminator(t, i, to);
            }
            if (next > i) {
                if (next < to) {
                    cuts.add(next);
                }
                i = next;
            } else {
                i++;
            }
        }
        return cuts.build().toArray();
    }

    /** Start of the next sentence if the newline at i ends one, else -1. */
    private static int afterNewline(String t, int i, int to) {
        int lineStart = i + 1;
        int j = lineStart;
        while (j < to && (t.charAt(j) == ' ' || t.charAt(j) == '\t' || t.charAt(j) == '\r')) {
            j++;
        }
        if (j < to && t.charAt(j) == '\n') {
            return skipWhitespace(t, j, to);
        }
        boolean afterHeading = isHeadingLine(t, t.lastIndexOf('\n', i - 1) + 1, i);
        return j < to && (afterHeading || j - lineStart <= 3 && startsBlock(t, j, to)) ? j : -1;
    }

    private static boolean isHeadingLine(String t, int lineStart, int lineEnd) {
        int j = lineStart;
        while (j < lineEnd && j - lineStart < 3 && t.charAt(j) == ' ') {
            j++;
        }
        return j < lineEnd && t.charAt(j) == '#';
    }

    private static boolean startsBlock(String t, int j, int to) {
        if (j >= to) {
            return false;
        }
        char c = t.charAt(j);
        if (c == '#' || c == '>' || c == '|') {
            return true;
        }
        if (c == '-' || c == '*' || c == '+') {
            return j + 1 < to && t.charAt(j + 1) == ' ';
        }
        int k = j;
        while (k < to && k - j < 9 && Character.isDigit(t.charAt(k))) {
            k++;
        }
        return k > j && k + 1 < to && (t.charAt(k) == '.' || t.charAt(k) == ')') && t.charAt(k + 1) == ' ';
    }

    /** Start of the next sentence if the '.', '!' or '?' at i ends one, else -1. */
    private static int afterLatinTerminator(String t, int i, int to) {
        int j = skipTerminators(t, i, to);
        int end = skipClosers(t, j, to);
        if (end < to && !Character.isWhitespace(t.charAt(end))) {
            // "3.14", "e.g.x" or "?!" glued to the next word; "好?我" still splits.
            return t.charAt(i) != '.' && isCjk(t.codePointAt(end)) ? end : -1;
        }
        int next = skipWhitespace(t, end, to);
        if (t.charAt(i) == '.') {
            if (j - i == 1 && isAbbreviation(t, i)) {
                return -1;
            }
            if (next < to && Character.isLowerCase(t.charAt(next))) {
                return -1;
            }
        }
        return next;
    }

    /** Whether the word before the '.' at dot is an abbreviation, an initial or dotted ("e.g"). */
    private static boolean isAbbreviation(String t, int dot) {
        int k = dot;
        while (k > 0 && (Character.isLetter(t.charAt(k - 1)) || t.charAt(k - 1) == '.')) {
            k--;
        }
        if (k == dot) {
            return false;
        }
        String word = t.substring(k, dot);
        return word.length() == 1 || word.indexOf('.') >= 0 || ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static int skipTerminators(String t, int i, int to) {
        while (i < to && isTerminator(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipClosers(String t, int i, int to) {
        while (i < to && CLOSERS.indexOf(t.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String t, int i, int to) {
        while (i < to && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTerminator(char c) {
        return c == '.' || c == '!' || c == '?' || isCjkTerminator(c);
    }

    private static boolean isCjkTerminator(char c) {
        return c == '。' || c == '！' || c == '？' || c == '；' || c == '｡';
    }

    private static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
