package dev.lore.parsing;

/**
 * Reads CSV (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks) and renders it as a
 * Markdown table whose first record is the header. The delimiter is sniffed from the first record: comma,
 * semicolon, tab or pipe, whichever occurs most often outside quotes.
 */
final class CsvToMarkdown {

    private static final String DELIMITERS = ",;\t|";

    private CsvToMarkdown() {}

    /** Returns the table, or an empty string when the CSV has no cells with text. */
    static String convert(CharSequence csv) {
        char delimiter = sniffDelimiter(csv);
        MarkdownTable table = new MarkdownTable();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean rowOpen = false;
        int length = csv.length();
        for (int i = 0; i < length; i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < length && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
                continue;
            }
            if (!rowOpen) {
                table.startRow();
                rowOpen = true;
            }
            if (c == '"' && isBlank(field)) {
                field.setLength(0);
                quoted = true;
            } else if (c == delimiter) {
                table.addCell(field);
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < length && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                table.addCell(field);
                field.setLength(0);
                table.endRow();
                rowOpen = false;
            } else {
                field.append(c);
            }
        }
        if (rowOpen) {
            table.addCell(field);
        }
        StringBuilder out = new StringBuilder(length + length / 4);
        return table.renderTo(out) ? out.toString() : "";
    }

    static char sniffDelimiter(CharSequence csv) {
        int[] counts = new int[DELIMITERS.length()];
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted) {
                int d = DELIMITERS.indexOf(c);
                if (d >= 0) {
                    counts[d]++;
                }
            }
        }
        int best = 0;
        for (int d = 1; d < counts.length; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return DELIMITERS.charAt(best);
    }

    private static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
