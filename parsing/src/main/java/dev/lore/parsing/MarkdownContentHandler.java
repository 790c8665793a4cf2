package dev.lore.parsing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML output into Markdown: headings, paragraphs, (nested) lists, pipe tables and fenced
 * code, plus the offsets where PDF pages or PPTX slides start. Text is buffered per block and written once
 * the block ends, so the work stays linear in the size of the document.
 *
 * <p>One instance per parse. It checks the thread's interrupt flag and the output limit on every event, and
 * aborts with a {@link ParseFailure} wrapped in an {@link Abort}.
 */
final class MarkdownContentHandler extends DefaultHandler {

    /** Carries a ParseFailure through Tika, which only lets SAXExceptions out of a content handler. */
    static final class Abort extends SAXException {
        private final ParseFailure failure;

        Abort(ParseFailure failure) {
            super(failure.getMessage());
            this.failure = failure;
        }

        ParseFailure failure() {
            return failure;
        }
    }

    private static final Set<String> SKIPPED = Set.of("head", "title", "script", "style");
    private static final Set<String> BLOCKS = Set.of("p", "blockquote", "dl", "dt", "dd", "address", "hr",
            "caption", "section", "article", "header", "footer", "nav", "aside", "figure", "figcaption", "center",
            "form", "fieldset", "main", "details", "summary");
    /** Bullet glyphs that Word, PDF and RTF extraction put in front of list items written as paragraphs. */
    private static final String BULLETS = "\u2022\u00B7\u25AA\u25CF\u25E6\u2023\u2043\u2219\u25A0\u25A1\u27A2\uF0B7\uF0A7";

    private record ListLevel(boolean ordered, String indent, int[] next) {}

    private final int maxChars;
    private final boolean paginated;
    private final boolean newlinesAreWhitespace;

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private boolean pendingSpace;
    private int pendingBreaks;
    private long textChars;
    private boolean lastBlockWasListItem;

    private int skipDepth;
    private boolean skipEntryHeading;
    private int headingLevel;
    private String firstHeading;

    private final Deque<ListLevel> lists = new ArrayDeque<>();
    /** Content indentation of each open list item, innermost first. */
    private final Deque<String> itemIndents = new ArrayDeque<>();
    /** Marker ("- ", "2. ") for the first block of the list item just opened. */
    private String pendingItemMarker;

    private MarkdownTable table;
    private int tableDepth;
    private boolean inCell;

    private StringBuilder preformatted;
    private int preDepth;

    /** For each open div: whether it starts a page. */
    private final Deque<Boolean> divs = new ArrayDeque<>();
    private int pageDepth;
    private int pendingPages;
    private final List<Integer> pageStarts = new ArrayList<>();

    private ParseFailure failure;

    MarkdownContentHandler(int maxChars, boolean paginated, boolean newlinesAreWhitespace) {
        this.maxChars = maxChars;
        this.paginated = paginated;
        this.newlinesAreWhitespace = newlinesAreWhitespace;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        check();
        String name = localName.isEmpty() ? qName : localName;
        if (skipDepth > 0 || SKIPPED.contains(name)) {
            skipDepth++;
            return;
        }
        if (tableDepth > 0) {
            startInTable(name);
            return;
        }
        switch (name) {
            case "table" -> {
                flushBlock();
                table = new MarkdownTable();
                tableDepth = 1;
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                if (skipEntryHeading) {
                    // Tika titles each embedded entry with its file name; that is not part of the text.
                    skipEntryHeading = false;
                    skipDepth = 1;
                    return;
                }
                flushBlock();
                headingLevel = name.charAt(1) - '0';
            }
            case "div" -> startDiv(atts.getValue("class"));
            case "ul", "ol" -> {
                flushBlock();
                lists.push(new ListLevel(name.equals("ol"), itemIndents.isEmpty() ? "" : itemIndents.peek(), new int[] {1}));
            }
            case "li" -> startListItem();
            case "pre" -> {
                flushBlock();
                if (preDepth++ == 0) {
                    preformatted = new StringBuilder();
                }
            }
            case "br" -> {
                if (preDepth > 0) {
                    preformatted.append('\n');
                } else if (headingLevel > 0) {
                    pendingSpace = true;
                } else {
                    pendingBreaks++;
                }
            }
            default -> {
                if (BLOCKS.contains(name)) {
                    flushBlock();
                }
            }
        }
        // Only a heading right at the start of an embedded entry is its file name.
        skipEntryHeading = skipEntryHeading && name.equals("div");
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        String name = localName.isEmpty() ? qName : localName;
        if (tableDepth > 0) {
            endInTable(name);
            return;
        }
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> endHeading();
            case "div" -> {
                flushBlock();
                if (!divs.isEmpty() && divs.pop()) {
                    pageDepth--;
                }
            }
            case "li" -> {
                flushBlock();
                pendingItemMarker = null;
                if (!itemIndents.isEmpty()) {
                    itemIndents.pop();
                }
            }
            case "ul", "ol" -> {
                flushBlock();
                if (!lists.isEmpty()) {
                    lists.pop();
                }
            }
            case "pre" -> {
                if (--preDepth == 0) {
                    emitCode(preformatted);
                    preformatted = null;
                }
            }
            default -> {
                if (BLOCKS.contains(name)) {
                    flushBlock();
                }
            }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        check();
        if (skipDepth > 0) {
            return;
        }
        if (preDepth > 0 && !inCell) {
            for (int i = start; i < start + length; i++) {
                if (ch[i] != '\r') {
                    preformatted.append(ch[i]);
                }
            }
            countText(length);
            return;
        }
        boolean breaksAreSpaces = newlinesAreWhitespace || headingLevel > 0 || inCell;
        int before = text.length();
        for (int i = start; i < start + length; i++) {
            char c = ch[i];
            if (c == '\n' && !breaksAreSpaces) {
                pendingBreaks++;
            } else if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00A0') {
                pendingSpace = true;
            } else {
                if (!text.isEmpty()) {
                    if (pendingBreaks > 0) {
                        text.append(pendingBreaks > 1 ? "\n\n" : "\n");
                    } else if (pendingSpace) {
                        text.append(' ');
                    }
                }
                pendingBreaks = 0;
                pendingSpace = false;
                text.append(c);
            }
        }
        countText(text.length() - before);
    }

    /** Tika reports PDF line breaks as ignorable whitespace, so it counts like any other whitespace. */
    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    /** The Markdown so far, after closing any block a truncated document left open. */
    String markdown() {
        if (tableDepth > 0) {
            inCell = false;
            tableDepth = 1;
            endInTable("table");
        }
        flushBlock();
        while (pendingPages > 0) {
            pageStarts.add(out.length());
            pendingPages--;
        }
        return out.toString();
    }

    List<Integer> pageStarts() {
        return pageStarts;
    }

    String firstHeading() {
        return firstHeading;
    }

    /** The failure this handler aborted with, in case a parser swallowed the exception. */
    ParseFailure failure() {
        return failure;
    }

    private void check() throws Abort {
        if (failure != null) {
            throw new Abort(failure);
        }
        if (Thread.currentThread().isInterrupted()) {
            fail(ParseFailure.interrupted(null));
        }
    }

    private void countText(int chars) throws Abort {
        textChars += chars;
        if (textChars > maxChars) {
            fail(ParseFailure.tooLarge(maxChars, null));
        }
    }

    private void fail(ParseFailure reason) throws Abort {
        failure = reason;
        throw new Abort(reason);
    }

    private void startDiv(String cssClass) {
        flushBlock();
        boolean page = paginated && pageDepth == 0 && ("page".equals(cssClass) || "slide-content".equals(cssClass));
        divs.push(page);
        if (page) {
            pageDepth++;
            pendingPages++;
        }
        if ("package-entry".equals(cssClass)) {
            skipEntryHeading = true;
        }
    }

    private void startListItem() {
        flushBlock();
        ListLevel level = lists.peek();
        String indent = level == null ? "" : level.indent();
        // RTF output can contain <li> without a list around it; treat that as a bullet item.
        String marker = level != null && level.ordered() ? (level.next()[0]++) + ". " : "- ";
        pendingItemMarker = indent + marker;
        itemIndents.push(indent + " ".repeat(marker.length()));
    }

    private void startInTable(String name) {
        if (name.equals("table")) {
            tableDepth++;
        }
        if (tableDepth > 1 || inCell) {
            // Nested tables and blocks inside a cell are flattened into the cell's single line.
            pendingSpace = true;
        } else if (name.equals("tr")) {
            table.startRow();
        } else if (name.equals("td") || name.equals("th")) {
            inCell = true;
            clearText();
        }
    }

    private void endInTable(String name) {
        if (tableDepth > 1) {
            if (name.equals("table")) {
                tableDepth--;
            }
            pendingSpace = true;
            return;
        }
        switch (name) {
            case "td", "th" -> {
                if (inCell) {
                    table.addCell(text);
                    clearText();
                    inCell = false;
                }
            }
            case "tr" -> table.endRow();
            case "table" -> {
                tableDepth = 0;
                clearText();
                StringBuilder rendered = new StringBuilder();
                if (table.renderTo(rendered)) {
                    emitBlock(rendered, false);
                }
                table = null;
            }
            default -> {
                if (inCell) {
                    pendingSpace = true; // the end of a paragraph or list item inside a cell
                }
            }
        }
    }

    private void endHeading() {
        int level = headingLevel;
        headingLevel = 0;
        if (level == 0 || text.isEmpty()) {
            return;
        }
        String heading = text.toString();
        clearText();
        if (firstHeading == null) {
            firstHeading = heading;
        }
        emitBlock("#".repeat(level) + " " + heading, false);
    }

    /** Writes the buffered text as a paragraph or list item. */
    private void flushBlock() {
        if (text.isEmpty() || headingLevel > 0) {
            return;
        }
        String prefix;
        boolean listItem = true;
        if (pendingItemMarker != null) {
            prefix = pendingItemMarker;
            pendingItemMarker = null;
        } else if (!itemIndents.isEmpty()) {
            prefix = itemIndents.peek();
        } else {
            prefix = "";
            listItem = startsListItem(text);
        }
        StringBuilder block = new StringBuilder(prefix.length() + text.length() + 16).append(prefix);
        String continuation = itemIndents.isEmpty() ? "" : itemIndents.peek();
        boolean lineStart = prefix.isEmpty();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (lineStart && isBullet(text, i)) {
                block.append('-');
            } else {
                block.append(c);
            }
            lineStart = c == '\n';
            if (lineStart) {
                block.append(continuation);
            }
        }
        clearText();
        emitBlock(block, listItem);
    }

    private void emitCode(StringBuilder code) {
        int from = 0;
        int to = code.length();
        while (from < to && code.charAt(from) == '\n') {
            from++;
        }
        while (to > from && Character.isWhitespace(code.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return;
        }
        String body = code.substring(from, to);
        String fence = "```";
        while (body.contains(fence)) {
            fence += "`";
        }
        emitBlock(fence + "\n" + body + "\n" + fence, false);
    }

    /** Appends a block after a blank line (a single newline between list items) and records page starts. */
    private void emitBlock(CharSequence block, boolean listItem) {
        if (!out.isEmpty()) {
            out.append(listItem && lastBlockWasListItem ? "\n" : "\n\n");
        }
        while (pendingPages > 0) {
            pageStarts.add(out.length());
            pendingPages--;
        }
        out.append(block);
        lastBlockWasListItem = listItem;
    }

    private void clearText() {
        text.setLength(0);
        pendingSpace = false;
        pendingBreaks = 0;
    }

    private static boolean isBullet(CharSequence s, int i) {
        return BULLETS.indexOf(s.charAt(i)) >= 0 && i + 1 < s.length() && s.charAt(i + 1) == ' ';
    }

    /** Whether a paragraph is a list item in disguise: "• text" or "1. text". */
    private static boolean startsListItem(CharSequence s) {
        if (isBullet(s, 0) || (s.length() > 1 && s.charAt(0) == '-' && s.charAt(1) == ' ')) {
            return true;
        }
        int digits = 0;
        while (digits < s.length() && digits < 4 && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        return digits > 0 && digits < 4 && digits + 1 < s.length()
                && (s.charAt(digits) == '.' || s.charAt(digits) == ')') && s.charAt(digits + 1) == ' ';
    }
}
