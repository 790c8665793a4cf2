package dev.lore.ingestion.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of PATCH /v1/documents/{id}/chunking: only the fields to change. */
public record ChunkingRequest(
        @JsonProperty("chunk_strategy") String chunkStrategy,
        @JsonProperty("chunk_size") Integer chunkSize,
        @JsonProperty("chunk_overlap") Integer chunkOverlap,
        @JsonProperty("chunk_semantic_threshold") Double chunkSemanticThreshold) {}
