package dev.lore.ingestion.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A document (a GPTBots {@code data_id}) and the state of its newest version. */
@Entity
@Table(name = "document")
public class Document {
    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "knowledge_base_id")
    public UUID knowledgeBaseId;
    public String name;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "size_bytes")
    public long sizeBytes;
    @Column(name = "content_hash")
    public String contentHash;
    @Column(name = "markdown_size")
    public Long markdownSize;
    @Column(name = "page_count")
    public Integer pageCount;
    @Convert(converter = DocumentStatusConverter.class)
    public DocumentStatus status;
    public String error;
    public boolean active;
    public int version;
    @Column(name = "indexed_version")
    public Integer indexedVersion;
    @Column(name = "chunks_total")
    public int chunksTotal;
    @Column(name = "chunks_indexed")
    public int chunksIndexed;
    @Embedded
    public ChunkingColumns chunking;
    @Column(name = "effective_chunk_size")
    public Integer effectiveChunkSize;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    @Column(name = "claimed_at")
    public Instant claimedAt;
    public int attempts;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
