package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Divides Markdown into runs of text and pipe tables and, when heading-aware, into sections at
 * ATX headings, each titled with its heading path ("Guide > Install > Linux"). Headings and
 * tables inside fenced code blocks are ignored.
 */
final class MarkdownLayout {
    /** A run of text or one table; title is the heading path (heading-aware only) or null. */
    record Region(int start, int end, String title, ChunkType type) {
    }

    private final String md;
    private final boolean byHeadings;
    private final List<Region> regions = new ArrayList<>();
    private final String[] headingPath = new String[7];
    private String title;
    private int textStart = -1;
    /** Where a section's body starts: a section holding only its heading line yields no chunk. */
    private int bodyStart = 0;

    private MarkdownLayout(String md, boolean byHeadings) {
        this.md = md;
        this.byHeadings = byHeadings;
    }

    static List<Region> regions(String md, boolean byHeadings) {
        return new MarkdownLayout(md, byHeadings).scan();
    }

    private List<Region> scan() {
        char fence = 0;
        int fenceLength = 0;
        int pos = 0;
        while (pos < md.length()) {
            int lineEnd = lineEnd(pos);
            int next = Math.min(md.length(), lineEnd + 1);
            int indent = indent(pos, lineEnd);
            int run = fenceRun(pos + indent, lineEnd);
            if (fence != 0) {
                if (run >= fenceLength && md.charAt(pos + indent) == fence && isBlank(pos + indent + run, lineEnd)) {
                    fence = 0;
                }
            } else if (run >= 3) {
                fence = md.charAt(pos + indent);
                fenceLength = run;
            } else if (byHeadings && headingLevel(pos + indent, lineEnd) > 0) {
                closeText(pos);
                enterSection(pos + indent, lineEnd);
                textStart = pos;
                bodyStart = next;
            } else {
                int tableEnd = tableEnd(pos, lineEnd);
                if (tableEnd > 0) {
                    closeText(pos);
                    regions.add(new Region(pos, tableEnd, title, ChunkType.TABLE));
                    pos = tableEnd;
                    continue;
                }
            }
            if (textStart < 0) {
                textStart = pos;
            }
            pos = next;
        }
        closeText(md.length());
        return regions;
    }

    private void closeText(int end) {
        if (textStart >= 0 && !isBlank(Math.max(textStart, bodyStart), end)) {
            regions.add(new Region(textStart, end, title, ChunkType.TEXT));
        }
        textStart = -1;
    }

    private void enterSection(int hashes, int lineEnd) {
        int level = headingLevel(hashes, lineEnd);
        headingPath[level] = headingText(hashes + level, lineEnd);
        for (int deeper = level + 1; deeper < headingPath.length; deeper++) {
            headingPath[deeper] = null;
        }
        String path = Stream.of(headingPath).filter(Objects::nonNull).filter(h -> !h.isEmpty())
                .collect(Collectors.joining(" > "));
        title = path.isEmpty() ? null : path;
    }

    /** 1..6 for an ATX heading starting at pos (indent skipped), else 0. */
    private int headingLevel(int pos, int lineEnd) {
        int level = 0;
        while (pos + level < lineEnd && md.charAt(pos + level) == '#') {
            level++;
        }
        boolean separated = pos + level == lineEnd || md.charAt(pos + level) == ' ' || md.charAt(pos + level) == '\t';
        return level >= 1 && level <= 6 && separated ? level : 0;
    }

    /** Heading text without the optional closing run of '#'. */
    private String headingText(int from, int lineEnd) {
        String text = md.substring(from, lineEnd).strip();
        int closing = text.length();
        while (closing > 0 && text.charAt(closing - 1) == '#') {
            closing--;
        }
        if (closing == 0 || text.charAt(closing - 1) == ' ' || text.charAt(closing - 1) == '\t') {
            text = text.substring(0, closing).strip();
        }
        return text;
    }

    /**
     * End (start of the following line) of a pipe table whose header line starts at pos: a line
     * with '|', then a delimiter row with as many cells, then rows until a blank or pipe-less
     * line. Returns -1 if no table starts here.
     */
    private int tableEnd(int pos, int lineEnd) {
        if (lineEnd >= md.length() || md.indexOf('|', pos, lineEnd) < 0) {
            return -1;
        }
        int delimiterEnd = lineEnd(lineEnd + 1);
        if (!isDelimiterRow(lineEnd + 1, delimiterEnd) || cells(pos, lineEnd) != cells(lineEnd + 1, delimiterEnd)) {
            return -1;
        }
        int end = Math.min(md.length(), delimiterEnd + 1);
        while (end < md.length()) {
            int rowEnd = lineEnd(end);
            if (isBlank(end, rowEnd) || md.indexOf('|', end, rowEnd) < 0) {
                break;
            }
            end = Math.min(md.length(), rowEnd + 1);
        }
        return end;
    }

    private boolean isDelimiterRow(int from, int to) {
        boolean dash = false;
        for (int i = from; i < to; i++) {
            char c = md.charAt(i);
            if (c == '-') {
                dash = true;
            } else if (c != '|' && c != ':' && c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return dash;
    }

    /** Cells of a table line: unescaped pipes, not counting a leading and a trailing one. */
    private int cells(int from, int to) {
        String line = md.substring(from, to).strip();
        int pipes = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '|' && (i == 0 || line.charAt(i - 1) != '\\')) {
                pipes++;
            }
        }
        if (line.startsWith("|")) {
            pipes--;
        }
        if (line.endsWith("|") && line.length() > 1 && !line.endsWith("\\|")) {
            pipes--;
        }
        return pipes + 1;
    }

    private int lineEnd(int pos) {
        int newline = md.indexOf('\n', pos);
        return newline < 0 ? md.length() : newline;
    }

    /** Leading spaces of a line, up to the 3 Markdown allows before a block marker. */
    private int indent(int pos, int lineEnd) {
        int i = pos;
        while (i < lineEnd && i - pos < 3 && md.charAt(i) == ' ') {
            i++;
        }
        return i - pos;
    }

    /** Length of a run of 3+ backticks or tildes at pos, else 0. */
    private int fenceRun(int pos, int lineEnd) {
        if (pos >= lineEnd || (md.charAt(pos) != '`' && md.charAt(pos) != '~')) {
            return 0;
        }
        int i = pos;
        while (i < lineEnd && md.charAt(i) == md.charAt(pos)) {
            i++;
        }
        return i - pos >= 3 ? i - pos : 0;
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(md.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
