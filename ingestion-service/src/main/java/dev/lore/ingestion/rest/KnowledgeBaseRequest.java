package dev.lore.ingestion.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST (all fields) and PATCH (only the fields to change) on /v1/knowledge-bases. */
public record KnowledgeBaseRequest(
        String name,
        String description,
        @JsonProperty("embedding_model") String embeddingModel,
        @JsonProperty("chunk_strategy") String chunkStrategy,
        @JsonProperty("chunk_size") Integer chunkSize,
        @JsonProperty("chunk_overlap") Integer chunkOverlap,
        @JsonProperty("chunk_semantic_threshold") Double chunkSemanticThreshold) {}
