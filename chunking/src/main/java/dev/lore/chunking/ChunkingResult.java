package dev.lore.chunking;

import java.util.List;

/**
 * Chunks of one document and the sizes actually used.
 *
 * @param notes human-readable adjustments made to the request (e.g. a chunk size clamped to the
 *              model's input limit)
 */
public record ChunkingResult(List<Chunk> chunks, int effectiveChunkSize, int effectiveOverlap, List<String> notes) {
    public ChunkingResult {
        chunks = List.copyOf(chunks);
        notes = List.copyOf(notes);
    }
}
