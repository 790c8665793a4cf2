package dev.lore.ingestion.repository;

import dev.lore.ingestion.model.Chunk;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
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

    public long deleteOlderThan(UUID documentId, int version) {
        return delete("documentId = ?1 and version < ?2", documentId, version);
    }
}
