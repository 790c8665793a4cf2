package dev.lore.parsing;

import java.util.ArrayList;
import java.util.List;

/** Collects rows of cells and renders them as a GitHub pipe table whose first row is the header. */
final class MarkdownTable {

    private final List<List<String>> rows = new ArrayList<>();
    private List<String> row;
    private int columns;

    void startRow() {
        endRow();
        row = new ArrayList<>();
    }

    void addCell(CharSequence text) {
        if (row == null) {
            startRow();
        }
        row.add(escape(text));
    }

    void endRow() {
        // Rows without text (spacer rows, blank CSV lines) carry nothing worth indexing.
        if (row != null && row.stream().anyMatch(cell -> !cell.isEmpty())) {
            rows.add(row);
            columns = Math.max(columns, row.size());
        }
        row = null;
    }

    /** Appends the table (no trailing newline) and returns false when it has no text at all. */
    boolean renderTo(StringBuilder out) {
        endRow();
        if (rows.isEmpty()) {
            return false;
        }
        appendRow(out, rows.get(0));
        out.append('\n');
        for (int i = 0; i < columns; i++) {
            out.append("| --- ");
        }
        out.append('|');
        for (int r = 1; r < rows.size(); r++) {
            out.append('\n');
            appendRow(out, rows.get(r));
        }
        return true;
    }

    private void appendRow(StringBuilder out, List<String> cells) {
        for (int i = 0; i < columns; i++) {
            out.append("| ");
            if (i < cells.size()) {
                out.append(cells.get(i));
                if (!cells.get(i).isEmpty()) {
                    out.append(' ');
                }
            }
        }
        out.append('|');
    }

    /** A cell is one line: whitespace runs become one space and pipes are escaped. */
    static String escape(CharSequence text) {
        StringBuilder cell = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00A0') {
                space = !cell.isEmpty();
            } else {
                if (space) {
                    cell.append(' ');
                    space = false;
                }
                if (c == '|') {
                    cell.append('\\');
                }
                cell.append(c);
            }
        }
        return cell.toString();
    }
}
