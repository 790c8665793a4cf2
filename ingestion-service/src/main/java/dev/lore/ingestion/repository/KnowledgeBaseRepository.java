package dev.lore.ingestion.repository;

import dev.lore.ingestion.model.KnowledgeBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class KnowledgeBaseRepository implements PanacheRepositoryBase<KnowledgeBase, UUID> {

    /** By primary key, then checked: cheaper than a query (every upload asks), and as strict. */
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
