package dev.lore.ingestion.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.common.id.Ids;
import dev.lore.ingestion.model.Chunk;
import java.util.UUID;

public record ChunkView(
        @JsonProperty("document_id") UUID documentId,
        int version,
        int ordinal,
        @JsonProperty("point_id") UUID pointId,
        String content,
        @JsonProperty("chunk_title") String chunkTitle,
        @JsonProperty("chunk_type") String chunkType,
        @JsonProperty("start_offset") int startOffset,
        @JsonProperty("end_offset") int endOffset,
        Integer page,
        @JsonProperty("token_count") int tokenCount,
        boolean indexed) {

    static ChunkView of(Chunk c) {
        return new ChunkView(c.documentId, c.version, c.ordinal, Ids.chunkPointId(c.documentId, c.version, c.ordinal),
                c.content, c.title, c.chunkType, c.startOffset, c.endOffset, c.page, c.tokenCount, c.indexed);
    }
}
