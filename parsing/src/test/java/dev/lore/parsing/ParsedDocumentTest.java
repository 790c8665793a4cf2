package dev.lore.parsing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedDocumentTest {

    @Test
    void pageAtFindsThePageContainingAnOffset() {
        ParsedDocument doc = new ParsedDocument("x".repeat(100), "application/pdf", null, List.of(0, 10, 10, 50));
        assertEquals(4, doc.pageCount());
        assertEquals(1, doc.pageAt(0));
        assertEquals(1, doc.pageAt(9));
        assertEquals(3, doc.pageAt(10)); // page 2 is empty: it starts where page 3 does
        assertEquals(3, doc.pageAt(49));
        assertEquals(4, doc.pageAt(50));
        assertEquals(4, doc.pageAt(99));
    }

    @Test
    void offsetsBeforeTheFirstPageBelongToPageOne() {
        assertEquals(1, new ParsedDocument("abc", "application/pdf", null, List.of(2)).pageAt(0));
    }

    @Test
    void documentsWithoutPagesHaveNoPageNumbers() {
        ParsedDocument doc = new ParsedDocument("abc", "text/plain", null, null);
        assertEquals(0, doc.pageCount());
        assertNull(doc.pageAt(1));
    }
}
