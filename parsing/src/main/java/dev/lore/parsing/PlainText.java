package dev.lore.parsing;

/**
 * Whether the first bytes of a file are plain text that no format signature could claim: no NUL
 * (binary, or UTF-16, which Tika's detector handles), almost no control characters, and not the
 * opening of markup or of a text-based document format (HTML, XML, PDF, PostScript, RTF), whose
 * type only the content tells.
 */
final class PlainText {
    /** Bytes examined: enough to judge, as Tika's own text detector reads. */
    static final int HEAD = 8192;

    private PlainText() {}

    static boolean looksLike(byte[] head) {
        if (head.length == 0) {
            return false;
        }
        int controls = 0;
        for (byte b : head) {
            if (b == 0) {
                return false;
            }
            if (b > 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b) {
                controls++;
            }
        }
        if (controls * 100 > head.length) {
            return false;
        }
        int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf
                ? 3 : 0;
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i == head.length) {
            return true;
        }
        return head[i] != '<' && !startsWith(head, i, "%PDF") && !startsWith(head, i, "%!")
                && !startsWith(head, i, "{\\rtf");
    }

    private static boolean startsWith(byte[] head, int at, String prefix) {
        if (head.length - at < prefix.length()) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (head[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
