package dev.lore.ingestion.model;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
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
    @Embedded
    public ChunkingColumns chunking;
    @Column(name = "is_default")
    public boolean isDefault;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
