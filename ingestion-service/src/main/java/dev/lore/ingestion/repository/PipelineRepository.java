package dev.lore.ingestion.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.lore.chunking.ChunkingOptions;
import dev.lore.ingestion.model.Chunk;
import dev.lore.ingestion.model.ChunkingColumns;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The document pipeline's statements, from upload to index, in plain JDBC inside the caller's
 * transaction (or on an auto-commit connection without one). They run once or
 * more per document of every bulk import, where loading and dirty-checking entities cost more CPU
 * than the statements themselves. Each statement names the version it applies to, so a job whose
 * document was deleted or rebuilt meanwhile changes nothing.
 */
@ApplicationScoped
public class PipelineRepository {
    private static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {};

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    /** Resolved once: resolving the map type on every read was a sixth of locking a document (JFR). */
    private ObjectReader metadataReader;

    @PostConstruct
    void readers() {
        metadataReader = json.readerFor(JSON_MAP);
    }

    /**
     * What a pipeline worker needs of the document it claimed, read by the claim itself so that
     * parsing holds no transaction.
     */
    public record Claim(UUID id, int version, String name, String mediaType, long sizeBytes, int attempts,
                        OffsetDateTime createdAt, String model, ChunkingOptions chunking) {}

    /** What an upload takes from its knowledge base: where the document goes, how it is chunked. */
    public record UploadTarget(UUID id, ChunkingOptions chunking) {}

    /**
     * The knowledge base an upload names, or the project's default with {@code id} null. Every
     * upload asks; an ORM session around this one row was a sixth of the service's CPU in a bulk
     * import (JFR).
     */
    public Optional<UploadTarget> uploadTarget(String projectId, UUID id) {
        return jdbc("""
                SELECT id, chunk_strategy, chunk_size, chunk_overlap, chunk_semantic_threshold
                FROM knowledge_base WHERE project_id = ? AND\s""" + (id == null ? "is_default" : "id = ?"), ps -> {
            ps.setString(1, projectId);
            if (id != null) {
                ps.setObject(2, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new UploadTarget(rs.getObject(1, UUID.class), ChunkingColumns.read(rs, 2)))
                        : Optional.empty();
            }
        });
    }

    /** Records an upload as queued for the pipeline (its first version). */
    public void enqueue(Document d) {
        jdbc("""
                INSERT INTO document (id, project_id, knowledge_base_id, name, content_type, size_bytes, content_hash,
                                      status, active, version, chunk_strategy, chunk_size, chunk_overlap,
                                      chunk_semantic_threshold, metadata, attempts, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 0, ?, ?)""", ps -> {
            ps.setObject(1, d.id);
            ps.setString(2, d.projectId);
            ps.setObject(3, d.knowledgeBaseId);
            ps.setString(4, d.name);
            ps.setString(5, d.contentType);
            ps.setLong(6, d.sizeBytes);
            ps.setString(7, d.contentHash);
            ps.setString(8, d.status.id());
            ps.setBoolean(9, d.active);
            ps.setInt(10, d.version);
            ps.setString(11, d.chunking.strategy);
            ps.setInt(12, d.chunking.size);
            ps.setInt(13, d.chunking.overlap);
            ps.setDouble(14, d.chunking.semanticThreshold);
            ps.setString(15, json.writeValueAsString(d.metadata));
            ps.setObject(16, d.createdAt.atOffset(ZoneOffset.UTC));
            ps.setObject(17, d.updatedAt.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        });
    }

    /**
     * Claims the oldest document waiting for parsing and, when it is a small file, up to
     * {@code max - 1} more small ones, oldest first: a bulk import of small files then costs one
     * claim and one store per batch instead of per document, while larger files (which take longer
     * to parse) are still claimed one at a time, so that every worker gets one. SKIP LOCKED lets
     * several workers and instances claim without waiting. The status list repeats the work
     * index's predicate so that the oldest rows come first from that index, whatever the
     * statistics say: a bulk upload into a fresh table otherwise sorted every queued row per claim.
     */
    public List<Claim> claimQueued(int max, long smallFileBytes) {
        List<Claim> first = claim("status = 'queued'", 1);
        if (first.isEmpty() || max == 1 || first.get(0).sizeBytes() > smallFileBytes) {
            return first;
        }
        List<Claim> batch = new ArrayList<>(claim("status = 'queued' AND size_bytes <= ?", max - 1, smallFileBytes));
        batch.add(0, first.get(0));
        return batch;
    }

    /**
     * Claims one document whose worker died (its claim is older than the lease). Alone, never in a
     * batch: if the file is what stopped the service, only its own attempts count up to
     * {@code max-attempts}, not those of documents that happened to share its batch.
     */
    public Optional<Claim> claimExpired(Duration lease) {
        return claim("status <> 'queued' AND claimed_at < now() - make_interval(secs => ?)", 1,
                (double) lease.toSeconds()).stream().findFirst();
    }

    /** Claims up to {@code max} documents that meet {@code condition} (whose parameters come first). */
    private List<Claim> claim(String condition, int max, Object... params) {
        return jdbc("""
                UPDATE document d SET status = 'parsing', claimed_at = now(), attempts = d.attempts + 1,
                                      updated_at = now()
                FROM knowledge_base kb
                WHERE kb.id = d.knowledge_base_id
                  AND d.id = ANY(ARRAY(SELECT id FROM document
                                       WHERE status IN ('queued', 'parsing', 'chunking') AND %s
                                       ORDER BY created_at
                                       LIMIT ? FOR UPDATE SKIP LOCKED))
                RETURNING d.id, d.version, d.name, d.content_type, d.size_bytes, d.attempts, d.created_at,
                          kb.embedding_model, d.chunk_strategy, d.chunk_size, d.chunk_overlap,
                          d.chunk_semantic_threshold""".formatted(condition), ps -> {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.setInt(params.length + 1, max);
            List<Claim> claims = new ArrayList<>(max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claims.add(new Claim(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8),
                            ChunkingColumns.read(rs, 9)));
                }
            }
            // RETURNING has no order: a batch is worked through oldest first.
            claims.sort(Comparator.comparing(Claim::createdAt));
            return claims;
        });
    }

    /**
     * Row-locks the document if it is still at this version, and answers what its events carry
     * (a detached snapshot, not a managed entity). Taken before any outbox write: see
     * {@link DocumentRepository#lockInProject}.
     */
    public Optional<Document> lockVersion(UUID id, int version) {
        return jdbc("""
                SELECT project_id, knowledge_base_id, name, content_type, metadata::text, active, status,
                       chunks_total
                FROM document WHERE id = ? AND version = ? FOR UPDATE""", ps -> {
            ps.setObject(1, id);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Document d = new Document();
                d.id = id;
                d.version = version;
                d.projectId = rs.getString(1);
                d.knowledgeBaseId = rs.getObject(2, UUID.class);
                d.name = rs.getString(3);
                d.contentType = rs.getString(4);
                d.metadata = metadata(rs.getString(5));
                d.active = rs.getBoolean(6);
                d.status = DocumentStatus.parse(rs.getString(7));
                d.chunksTotal = rs.getInt(8);
                return Optional.of(d);
            }
        });
    }

    /** Appends a version's chunks; ids come from the table's sequence. */
    public void insertChunks(Collection<Chunk> chunks) {
        jdbc("""
                INSERT INTO chunk (document_id, version, ordinal, project_id, content, title, chunk_type,
                                   start_offset, end_offset, page, token_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            for (Chunk c : chunks) {
                ps.setObject(1, c.documentId);
                ps.setInt(2, c.version);
                ps.setInt(3, c.ordinal);
                ps.setString(4, c.projectId);
                ps.setString(5, c.content);
                ps.setString(6, c.title);
                ps.setString(7, c.chunkType);
                ps.setInt(8, c.startOffset);
                ps.setInt(9, c.endOffset);
                ps.setObject(10, c.page, Types.INTEGER);
                ps.setInt(11, c.tokenCount);
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    public void deleteChunks(UUID documentId, int version) {
        jdbc("DELETE FROM chunk WHERE document_id = ? AND version = ?", ps -> {
            ps.setObject(1, documentId);
            ps.setInt(2, version);
            return ps.executeUpdate();
        });
    }

    /** The version was parsed and its chunks stored: it waits for the index. */
    public void indexing(UUID id, int version, long markdownSize, int pageCount, int chunksTotal,
                         int effectiveChunkSize) {
        update("""
                UPDATE document SET status = 'indexing', markdown_size = ?, page_count = ?, chunks_total = ?,
                                    chunks_indexed = 0, effective_chunk_size = ?, claimed_at = NULL,
                                    updated_at = now()
                WHERE id = ? AND version = ?""", id, version, ps -> {
            ps.setLong(1, markdownSize);
            ps.setObject(2, pageCount == 0 ? null : pageCount, Types.INTEGER);
            ps.setInt(3, chunksTotal);
            ps.setInt(4, effectiveChunkSize);
            return 4;
        });
    }

    /** A large document shows 'chunking' while it is split. Answers false if the version is gone. */
    public boolean chunking(UUID id, int version, long markdownSize, int pageCount) {
        return update("""
                UPDATE document SET status = ?, markdown_size = ?, page_count = ?, updated_at = now()
                WHERE id = ? AND version = ?""", id, version, ps -> {
            ps.setString(1, DocumentStatus.CHUNKING.id());
            ps.setLong(2, markdownSize);
            ps.setObject(3, pageCount == 0 ? null : pageCount, Types.INTEGER);
            return 3;
        });
    }

    /**
     * Marks the chunks indexed and answers how many of the version are indexed now, in one
     * statement: the count reads the snapshot from before the update, so the rows it changed
     * are added.
     */
    public long markIndexed(UUID documentId, int version, Collection<Integer> ordinals) {
        return jdbc("""
                WITH marked AS (UPDATE chunk SET indexed = true
                                WHERE document_id = ? AND version = ? AND ordinal = ANY(?) AND NOT indexed
                                RETURNING 1)
                SELECT (SELECT count(*) FROM chunk WHERE document_id = ? AND version = ? AND indexed)
                     + (SELECT count(*) FROM marked)""", ps -> {
            ps.setObject(1, documentId);
            ps.setInt(2, version);
            ps.setArray(3, ps.getConnection().createArrayOf("integer", ordinals.toArray()));
            ps.setObject(4, documentId);
            ps.setInt(5, version);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Records the index's progress; a fully indexed version becomes the one readers get. */
    public void indexed(UUID id, int version, long chunksIndexed, boolean ready) {
        update("""
                UPDATE document SET chunks_indexed = ?, updated_at = now(),
                                    status = CASE WHEN ? THEN 'ready' ELSE status END,
                                    indexed_version = CASE WHEN ? THEN version ELSE indexed_version END
                WHERE id = ? AND version = ?""", id, version, ps -> {
            ps.setLong(1, chunksIndexed);
            ps.setBoolean(2, ready);
            ps.setBoolean(3, ready);
            return 3;
        });
    }

    /** The index could not store the version: it fails, with the index's reason. */
    public void indexingFailed(UUID id, int version, String error) {
        update("""
                UPDATE document SET status = 'failed', error = ?, updated_at = now()
                WHERE status = 'indexing' AND id = ? AND version = ?""", id, version, ps -> {
            ps.setString(1, error);
            return 1;
        });
    }

    public void fail(UUID id, int version, String reason) {
        update("""
                UPDATE document SET status = 'failed', error = ?, claimed_at = NULL, updated_at = now()
                WHERE id = ? AND version = ?""", id, version, ps -> {
            ps.setString(1, reason);
            return 1;
        });
    }

    /** Binds the leading parameters and answers how many it bound. */
    private interface Binder {
        int bind(PreparedStatement ps) throws SQLException;
    }

    private interface Work<T> {
        T run(PreparedStatement ps) throws SQLException, JsonProcessingException;
    }

    /** An UPDATE whose last two parameters are the document id and version; answers whether a row changed. */
    private boolean update(String sql, UUID id, int version, Binder binder) {
        return jdbc(sql, ps -> {
            int n = binder.bind(ps);
            ps.setObject(n + 1, id);
            ps.setInt(n + 2, version);
            return ps.executeUpdate() > 0;
        });
    }

    /** Runs a statement on the transaction's connection (the datasource hands out the enlisted one). */
    private <T> T jdbc(String sql, Work<T> work) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            return work.run(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Pipeline statement failed: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write metadata as JSON", e);
        }
    }

    private Map<String, Object> metadata(String raw) {
        try {
            return raw == null ? Map.of() : metadataReader.readValue(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored metadata is not JSON", e);
        }
    }
}
