package dev.lore.ingestion.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One chunk of one version of a document. */
@Entity
@Table(name = "chunk")
public class Chunk {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY) // the column default (V2__chunk_ids_from_the_table.sql)
    public Long id;
    @Column(name = "document_id")
    public UUID documentId;
    public int version;
    public int ordinal;
    @Column(name = "project_id")
    public String projectId;
    public String content;
    public String title;
    @Column(name = "chunk_type")
    public String chunkType;
    @Column(name = "start_offset")
    public int startOffset;
    @Column(name = "end_offset")
    public int endOffset;
    public Integer page;
    @Column(name = "token_count")
    public int tokenCount;
    public boolean indexed;
}
