package dev.lore.retrieval.repository;

import dev.lore.retrieval.model.KnowledgeService;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Knowledge services, always within one project. */
@ApplicationScoped
public class KnowledgeServiceRepository implements PanacheRepositoryBase<KnowledgeService, String> {

    public Optional<KnowledgeService> find(String projectId, String id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResultOptional();
    }

    public List<KnowledgeService> page(String projectId, int page, int size) {
        return find("projectId", Sort.descending("createdAt").and("id"), projectId).page(Page.of(page, size)).list();
    }

    public long count(String projectId) {
        return count("projectId", projectId);
    }
}
