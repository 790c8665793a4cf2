package dev.lore.ingestion.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A knowledge base (a GPTBots {@code group_id}): documents that share an embedding model. */
@Entity
@Table(name = "knowledge_base")
public class KnowledgeBase {
    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    public String name;
    public String description;
    @Column(name = "embedding_model")
    public String embeddingModel;
    @Column(name = "chunk_strategy")
    public String chunkStrategy;
    @Column(name = "chunk_size")
    public int chunkSize;
    @Column(name = "chunk_overlap")
    public int chunkOverlap;
    @Column(name = "chunk_semantic_threshold")
    public double chunkSemanticThreshold;
    @Column(name = "is_default")
    public boolean isDefault;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
