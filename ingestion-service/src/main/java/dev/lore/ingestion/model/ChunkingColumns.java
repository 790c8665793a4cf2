package dev.lore.ingestion.model;

import dev.lore.chunking.ChunkStrategy;
import dev.lore.chunking.ChunkingOptions;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Chunking settings as stored: a knowledge base's defaults, or a document's own. */
@Embeddable
public class ChunkingColumns {
    @Column(name = "chunk_strategy")
    public String strategy;
    @Column(name = "chunk_size")
    public int size;
    @Column(name = "chunk_overlap")
    public int overlap;
    @Column(name = "chunk_semantic_threshold")
    public double semanticThreshold;

    public static ChunkingColumns of(ChunkingOptions o) {
        ChunkingColumns c = new ChunkingColumns();
        c.strategy = o.strategy().id();
        c.size = o.chunkSize();
        c.overlap = o.chunkOverlap();
        c.semanticThreshold = o.semanticThreshold();
        return c;
    }

    /** The options from plain JDBC: strategy, size, overlap and threshold, in that order from column first. */
    public static ChunkingOptions read(ResultSet rs, int first) throws SQLException {
        return new ChunkingOptions(ChunkStrategy.parse(rs.getString(first)), rs.getInt(first + 1),
                rs.getInt(first + 2), rs.getDouble(first + 3));
    }

    public ChunkingOptions toOptions() {
        return new ChunkingOptions(ChunkStrategy.parse(strategy), size, overlap, semanticThreshold);
    }
}
