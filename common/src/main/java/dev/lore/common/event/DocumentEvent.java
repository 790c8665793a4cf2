package dev.lore.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A value on {@code lore.documents.v1} (key: document id). One record for every type so that a
 * consumer reads one schema; fields that a type does not use are absent. See docs/events.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentEvent(
        @JsonProperty("event_id") UUID eventId,
        String type,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("knowledge_base_id") UUID knowledgeBaseId,
        @JsonProperty("document_id") UUID documentId,
        Integer version,
        DocumentInfo document,
        ChunkInfo chunk) {

    public static final String CHUNK_UPSERTED = "chunk.upserted";
    public static final String DOCUMENT_ACTIVATED = "document.activated";
    public static final String DOCUMENT_DEACTIVATED = "document.deactivated";
    public static final String DOCUMENT_DELETED = "document.deleted";
    public static final String VERSION_RETIRED = "document.version.retired";

    /** What a consumer needs to index and filter a document's chunks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentInfo(
            String name,
            @JsonProperty("content_type") String contentType,
            Map<String, Object> metadata,
            boolean active,
            @JsonProperty("embedding_model") String embeddingModel,
            @JsonProperty("chunks_total") int chunksTotal) {}

    /** {@code input_ids}: the model's token ids for {@code content} ({@link InputIds}), absent for a remote model. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChunkInfo(
            int ordinal,
            @JsonProperty("point_id") UUID pointId,
            String content,
            String title,
            @JsonProperty("chunk_type") String chunkType,
            @JsonProperty("start_offset") int startOffset,
            @JsonProperty("end_offset") int endOffset,
            Integer page,
            @JsonProperty("token_count") int tokenCount,
            @JsonProperty("input_ids") String inputIds) {}
}
