package dev.lore.ingestion.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.ingestion.model.KnowledgeBase;
import java.time.Instant;
import java.util.UUID;

public record KnowledgeBaseView(
        UUID id,
        @JsonProperty("project_id") String projectId,
        String name,
        String description,
        @JsonProperty("embedding_model") String embeddingModel,
        @JsonProperty("chunk_strategy") String chunkStrategy,
        @JsonProperty("chunk_size") int chunkSize,
        @JsonProperty("chunk_overlap") int chunkOverlap,
        @JsonProperty("chunk_semantic_threshold") double chunkSemanticThreshold,
        @JsonProperty("is_default") boolean isDefault,
        @JsonProperty("document_count") long documentCount,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static KnowledgeBaseView of(KnowledgeBase kb, long documentCount) {
        return new KnowledgeBaseView(kb.id, kb.projectId, kb.name, kb.description, kb.embeddingModel,
                kb.chunking.strategy, kb.chunking.size, kb.chunking.overlap, kb.chunking.semanticThreshold, kb.isDefault,
                documentCount, kb.createdAt, kb.updatedAt);
    }
}
