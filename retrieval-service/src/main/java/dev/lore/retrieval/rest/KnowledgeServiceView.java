package dev.lore.retrieval.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.retrieval.model.KnowledgeService;
import java.time.Instant;
import java.util.List;

public record KnowledgeServiceView(
        @JsonProperty("service_resource_id") String serviceResourceId,
        String name,
        String description,
        @JsonProperty("knowledge_base_ids") List<String> knowledgeBaseIds,
        @JsonProperty("top_k") int topK,
        @JsonProperty("keyword_weight") double keywordWeight,
        String rerank,
        @JsonProperty("min_score") double minScore,
        @JsonProperty("doc_filter") JsonNode docFilter,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static KnowledgeServiceView of(KnowledgeService s) {
        return new KnowledgeServiceView(s.id, s.name, s.description, s.knowledgeBaseIds, s.topK, s.keywordWeight,
                s.rerank, s.minScore, s.docFilter, s.createdAt, s.updatedAt);
    }
}
