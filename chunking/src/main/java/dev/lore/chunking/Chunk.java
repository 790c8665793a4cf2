package dev.lore.chunking;

/**
 * One piece of a document, ready to embed.
 *
 * @param ordinal     0-based position in the document
 * @param content     the text, trimmed; for a table split by rows it repeats the header rows
 * @param title       heading path such as {@code "Guide > Install"} (markdown strategy), else null
 * @param startOffset char offset in the Markdown where the chunk's span starts
 * @param endOffset   exclusive char offset where it ends
 * @param page        1-based page holding startOffset, or null when the format has no pages
 * @param tokenCount  tokens of content as the model counts them
 */
public record Chunk(int ordinal, String content, String title, ChunkType type, int startOffset, int endOffset,
                    Integer page, int tokenCount) {
}
