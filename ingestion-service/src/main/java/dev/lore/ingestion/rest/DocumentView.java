package dev.lore.ingestion.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record DocumentView(
        UUID id,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("knowledge_base_id") UUID knowledgeBaseId,
        String name,
        @JsonProperty("content_type") String contentType,
        DocumentStatus status,
        String error,
        boolean active,
        int version,
        @JsonProperty("indexed_version") Integer indexedVersion,
        @JsonProperty("chunks_total") int chunksTotal,
        @JsonProperty("chunks_indexed") int chunksIndexed,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("markdown_size") Long markdownSize,
        @JsonProperty("page_count") Integer pageCount,
        @JsonProperty("content_hash") String contentHash,
        @JsonProperty("chunk_strategy") String chunkStrategy,
        @JsonProperty("chunk_size") int chunkSize,
        @JsonProperty("chunk_overlap") int chunkOverlap,
        @JsonProperty("chunk_semantic_threshold") double chunkSemanticThreshold,
        @JsonProperty("effective_chunk_size") Integer effectiveChunkSize,
        Map<String, Object> metadata,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static DocumentView of(Document d) {
        return new DocumentView(d.id, d.projectId, d.knowledgeBaseId, d.name, d.contentType, d.status, d.error,
                d.active, d.version, d.indexedVersion, d.chunksTotal, d.chunksIndexed, d.sizeBytes, d.markdownSize,
                d.pageCount, d.contentHash, d.chunking.strategy, d.chunking.size, d.chunking.overlap, d.chunking.semanticThreshold,
                d.effectiveChunkSize, d.metadata, d.createdAt, d.updatedAt);
    }
}
