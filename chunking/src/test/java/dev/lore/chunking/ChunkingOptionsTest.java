package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkingOptionsTest {

    private static String error(ChunkingOptions options) {
        return assertThrows(IllegalArgumentException.class, options::validate).getMessage();
    }

    @Test
    void validateNamesTheBadField() {
        assertDoesNotThrow(() -> new ChunkingOptions(ChunkStrategy.RECURSIVE, 16, 15, 0.5).validate());
        assertDoesNotThrow(() -> new ChunkingOptions(ChunkStrategy.FIXED, 8192, 0, 0.01).validate());
        assertTrue(error(new ChunkingOptions(ChunkStrategy.RECURSIVE, 15, 0, 0.5)).startsWith("chunk_size "));
        assertTrue(error(new ChunkingOptions(ChunkStrategy.RECURSIVE, 8193, 0, 0.5)).startsWith("chunk_size "));
        assertTrue(error(new ChunkingOptions(ChunkStrategy.RECURSIVE, 100, 100, 0.5)).startsWith("chunk_overlap "));
        assertTrue(error(new ChunkingOptions(ChunkStrategy.RECURSIVE, 100, -1, 0.5)).startsWith("chunk_overlap "));
        assertTrue(error(new ChunkingOptions(ChunkStrategy.SEMANTIC, 100, 0, 0)).startsWith("chunk_semantic_threshold "));
        assertTrue(error(new ChunkingOptions(ChunkStrategy.SEMANTIC, 100, 0, 1)).startsWith("chunk_semantic_threshold "));
        assertTrue(error(new ChunkingOptions(ChunkStrategy.SEMANTIC, 100, 0, Double.NaN)).startsWith("chunk_semantic_threshold "));
        assertTrue(error(new ChunkingOptions(null, 100, 0, 0.5)).startsWith("chunk_strategy "));
    }

    @Test
    void strategiesParseCaseInsensitivelyAndListAllowedValues() {
        assertEquals(ChunkStrategy.MARKDOWN, ChunkStrategy.parse("Markdown"));
        assertEquals("semantic", ChunkStrategy.SEMANTIC.id());
        assertEquals("table", ChunkType.TABLE.id());
        String message = assertThrows(IllegalArgumentException.class, () -> ChunkStrategy.parse("words")).getMessage();
        assertTrue(message.contains("'words'") && message.endsWith("recursive, fixed, sentence, markdown, semantic"), message);
        assertThrows(IllegalArgumentException.class, () -> ChunkStrategy.parse(null));
    }
}
