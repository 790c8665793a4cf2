package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Checks every chunking result must pass, whatever the strategy. */
final class Invariants {
    private Invariants() {
    }

    static void check(String markdown, ChunkingResult result, TokenCounter counter) {
        List<Chunk> chunks = result.chunks();
        int previousStart = -1;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            String where = "chunk " + i + " " + c;
            assertEquals(i, c.ordinal(), where);
            assertFalse(c.content().isBlank(), where);
            assertEquals(c.content().strip(), c.content(), where);
            assertEquals(counter.countTokens(c.content()), c.tokenCount(), where);
            assertTrue(c.tokenCount() <= result.effectiveChunkSize(), where);
            assertTrue(0 <= c.startOffset() && c.startOffset() < c.endOffset() && c.endOffset() <= markdown.length(), where);
            assertTrue(c.startOffset() >= previousStart, "chunks out of document order at " + where);
            previousStart = c.startOffset();
            if (c.type() == ChunkType.TEXT) {
                assertEquals(markdown.substring(c.startOffset(), c.endOffset()), c.content(), where);
            }
            assertFalse(Character.isLowSurrogate(c.content().charAt(0)), "split surrogate pair at " + where);
            assertFalse(Character.isHighSurrogate(c.content().charAt(c.content().length() - 1)),
                    "split surrogate pair at " + where);
        }
    }

    /** Every non-whitespace char outside the skipped lines lies in some chunk's span. */
    static void checkCoverage(String markdown, ChunkingResult result, boolean skipHeadingLines) {
        boolean[] covered = new boolean[markdown.length()];
        for (Chunk c : result.chunks()) {
            for (int i = c.startOffset(); i < c.endOffset(); i++) {
                covered[i] = true;
            }
        }
        int lineStart = 0;
        for (int i = 0; i < markdown.length(); i++) {
            if (i > 0 && markdown.charAt(i - 1) == '\n') {
                lineStart = i;
            }
            boolean skipped = skipHeadingLines && markdown.charAt(lineStart) == '#';
            if (!covered[i] && !skipped && !Character.isWhitespace(markdown.charAt(i))) {
                throw new AssertionError("char " + i + " not in any chunk: ..."
                        + markdown.substring(Math.max(0, i - 30), Math.min(markdown.length(), i + 30)) + "...");
            }
        }
    }

    /** Text chunk contents joined, whitespace removed: equals the document's when chunks tile it. */
    static String withoutWhitespace(String s) {
        return s.replaceAll("\\s+", "");
    }
}
