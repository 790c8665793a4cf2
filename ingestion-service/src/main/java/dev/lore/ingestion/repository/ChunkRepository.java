package dev.lore.ingestion.repository;

import dev.lore.ingestion.model.Chunk;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ChunkRepository implements PanacheRepositoryBase<Chunk, Long> {

    public List<Chunk> page(UUID documentId, int version, int offset, int limit) {
        return find("documentId = ?1 and version = ?2", Sort.by("ordinal"), documentId, version)
                .range(offset, offset + limit - 1).list();
    }

    public List<Chunk> ofVersion(UUID documentId, int version) {
        return list("documentId = ?1 and version = ?2", Sort.by("ordinal"), documentId, version);
    }

    public long countOf(UUID documentId, int version) {
        return count("documentId = ?1 and version = ?2", documentId, version);
    }

    public int deleteVersion(UUID documentId, int version) {
        return getEntityManager().createNativeQuery("DELETE FROM chunk WHERE document_id = :doc AND version = :version")
                .setParameter("doc", documentId).setParameter("version", version).executeUpdate();
    }

    public long deleteOlderThan(UUID documentId, int version) {
        return delete("documentId = ?1 and version < ?2", documentId, version);
    }

    /**
     * Marks the chunks indexed and answers how many of the version are indexed now, in one
     * statement: the count reads the snapshot from before the update, so the rows it changed
     * are added.
     */
    public long markIndexed(UUID documentId, int version, Collection<Integer> ordinals) {
        Object n = getEntityManager().createNativeQuery("""
                WITH marked AS (UPDATE chunk SET indexed = true
                                WHERE document_id = :doc AND version = :version AND ordinal = ANY(:ordinals)
                                  AND NOT indexed
                                RETURNING 1)
                SELECT (SELECT count(*) FROM chunk WHERE document_id = :doc AND version = :version AND indexed)
                     + (SELECT count(*) FROM marked)""")
                .setParameter("doc", documentId)
                .setParameter("version", version)
                .setParameter("ordinals", ordinals.stream().mapToInt(Integer::intValue).toArray())
                .getSingleResult();
        return ((Number) n).longValue();
    }
}
