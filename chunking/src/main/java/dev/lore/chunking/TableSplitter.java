package dev.lore.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipe table becomes one chunk when it fits. Otherwise it is split by rows, and each piece
 * repeats the header and delimiter rows so it still reads as a table; its span covers its rows
 * (the first piece's also the header). A row too large on its own is split like text.
 */
final class TableSplitter {
    private final Doc doc;

    TableSplitter(Doc doc) {
        this.doc = doc;
    }

    List<Draft> split(int from, int to, String title, int size) {
        List<Draft> drafts = new ArrayList<>();
        if (doc.count(from, to) <= size) {
            add(drafts, Draft.of(doc.text, from, to, title, ChunkType.TABLE));
            return drafts;
        }
        int delimiterEnd = doc.text.indexOf('\n', doc.text.indexOf('\n', from) + 1);
        int headerEnd = delimiterEnd < 0 || delimiterEnd >= to ? to : delimiterEnd + 1;
        int headerTokens = doc.count(from, headerEnd);
        // A header eating most of the budget is not worth repeating: split the table as lines.
        boolean repeatHeader = headerTokens * 2 <= size;
        int rowsFrom = repeatHeader ? headerEnd : from;
        int budget = repeatHeader ? size - headerTokens : size;
        String header = doc.text.substring(from, headerEnd).strip() + "\n";
        List<Span> rows = new PieceSplitter(doc).split(rowsFrom, to, Separator.LINE, budget);
        for (Span piece : new GreedyPacker(doc).pack(rows, budget, 0, false)) {
            Draft part = Draft.of(doc.text, piece.start(), piece.end(), title, ChunkType.TABLE);
            if (part != null && repeatHeader) {
                int start = drafts.isEmpty() ? from : part.start();
                part = new Draft(start, part.end(), header + part.content(), title, ChunkType.TABLE);
            }
            add(drafts, part);
        }
        return drafts;
    }

    private static void add(List<Draft> drafts, Draft draft) {
        if (draft != null) {
            drafts.add(draft);
        }
    }
}
