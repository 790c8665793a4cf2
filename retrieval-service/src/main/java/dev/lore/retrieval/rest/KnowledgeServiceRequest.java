package dev.lore.retrieval.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Create or patch a knowledge service; on PATCH, absent fields keep their value. */
public record KnowledgeServiceRequest(
        String name,
        String description,
        @JsonProperty("knowledge_base_ids") List<String> knowledgeBaseIds,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("keyword_weight") Double keywordWeight,
        String rerank,
        @JsonProperty("min_score") Double minScore,
        @JsonProperty("doc_filter") JsonNode docFilter) {
}
