package dev.lore.retrieval.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A named retrieval configuration over knowledge bases, addressed by its service resource id. */
@Entity
@Table(name = "knowledge_service")
public class KnowledgeService extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "knowledge_base_ids")
    public List<String> knowledgeBaseIds;
    @Column(name = "top_k")
    public int topK;
    /** Share of keyword relevance in the blend; the search's embedding rate is 1 minus this. */
    @Column(name = "keyword_weight")
    public double keywordWeight;
    /** Configured reranker name, or null. */
    public String rerank;
    @Column(name = "min_score")
    public double minScore;
    /** Default doc_filter, AND-ed with each request's. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "doc_filter")
    public JsonNode docFilter;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
