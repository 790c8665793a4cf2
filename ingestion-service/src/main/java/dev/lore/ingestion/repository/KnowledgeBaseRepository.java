package dev.lore.ingestion.repository;

import dev.lore.chunking.ChunkingOptions;
import dev.lore.ingestion.model.ChunkingColumns;
import dev.lore.ingestion.model.KnowledgeBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

@ApplicationScoped
public class KnowledgeBaseRepository implements PanacheRepositoryBase<KnowledgeBase, UUID> {

    /** What an upload takes from its knowledge base: where the document goes, how it is chunked. */
    public record UploadTarget(UUID id, ChunkingOptions chunking) {}

    @Inject
    DataSource dataSource;

    /**
     * The knowledge base an upload names (or the project's default, with {@code id} null), read in
     * plain JDBC: every upload asks, and an ORM session around one row cost a sixth of the
     * ingestion service's CPU during a bulk import (JFR).
     */
    public Optional<UploadTarget> uploadTarget(String projectId, UUID id) {
        String sql = """
                SELECT id, chunk_strategy, chunk_size, chunk_overlap, chunk_semantic_threshold
                FROM knowledge_base WHERE project_id = ? AND\s""" + (id == null ? "is_default" : "id = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, projectId);
            if (id != null) {
                ps.setObject(2, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new UploadTarget(rs.getObject(1, UUID.class), ChunkingColumns.read(rs, 2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read knowledge base: " + e.getMessage(), e);
        }
    }

    /** By primary key, then checked: cheaper than a query, and as strict. */
    public Optional<KnowledgeBase> findInProject(String projectId, UUID id) {
        return Optional.ofNullable(findById(id)).filter(kb -> kb.projectId.equals(projectId));
    }

    public Optional<KnowledgeBase> findDefault(String projectId) {
        return find("projectId = ?1 and isDefault = true", projectId).firstResultOptional();
    }

    public boolean nameTaken(String projectId, String name, UUID except) {
        return count("projectId = ?1 and lower(name) = lower(?2) and id <> ?3", projectId, name,
                except == null ? new UUID(0, 0) : except) > 0;
    }

    public PanacheQuery<KnowledgeBase> listInProject(String projectId) {
        return find("projectId = ?1", Sort.by("createdAt").and("id"), projectId);
    }
}
