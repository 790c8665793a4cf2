package dev.lore.ingestion.repository;

import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<Document, UUID> {

    /** Filters of {@code GET /v1/documents}; null fields do not filter. */
    public record Filter(UUID knowledgeBaseId, DocumentStatus status, String name, Map<String, String> metadata) {}

    /** By primary key, then checked: cheaper than a query, and as strict. */
    public Optional<Document> findInProject(String projectId, UUID id) {
        return Optional.ofNullable(findById(id)).filter(d -> d.projectId.equals(projectId));
    }

    /**
     * The document, row-locked until the transaction ends. Every change that writes outbox rows
     * takes this lock first, so a document's events enter the outbox in commit order.
     */
    public Optional<Document> lockInProject(String projectId, UUID id) {
        return find("projectId = ?1 and id = ?2", projectId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public List<Document> page(String projectId, Filter f, int offset, int limit) {
        Query q = where(projectId, f);
        return getEntityManager()
                .createNativeQuery("SELECT * FROM document WHERE " + q.sql + " ORDER BY created_at DESC, id"
                        + " OFFSET " + offset + " LIMIT " + limit, Document.class)
                .unwrap(org.hibernate.query.NativeQuery.class)
                .setProperties(q.params)
                .getResultList();
    }

    public long count(String projectId, Filter f) {
        Query q = where(projectId, f);
        Object n = getEntityManager().createNativeQuery("SELECT count(*) FROM document WHERE " + q.sql)
                .unwrap(org.hibernate.query.NativeQuery.class)
                .setProperties(q.params)
                .getSingleResult();
        return ((Number) n).longValue();
    }

    public List<Document> inKnowledgeBase(String projectId, UUID kbId) {
        return list("projectId = ?1 and knowledgeBaseId = ?2", projectId, kbId);
    }

    public long countInKnowledgeBase(String projectId, UUID kbId) {
        return count("projectId = ?1 and knowledgeBaseId = ?2", projectId, kbId);
    }

    private record Query(String sql, Map<String, Object> params) {}

    private static Query where(String projectId, Filter f) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        clauses.add("project_id = :project");
        params.put("project", projectId);
        if (f.knowledgeBaseId() != null) {
            clauses.add("knowledge_base_id = :kb");
            params.put("kb", f.knowledgeBaseId());
        }
        if (f.status() != null) {
            clauses.add("status = :status");
            params.put("status", f.status().id());
        }
        if (f.name() != null && !f.name().isBlank()) {
            clauses.add("name ILIKE :name ESCAPE '\\'");
            params.put("name", "%" + f.name().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        int i = 0;
        for (Map.Entry<String, String> m : f.metadata().entrySet()) {
            clauses.add("metadata ->> :mk" + i + " = :mv" + i);
            params.put("mk" + i, m.getKey());
            params.put("mv" + i, m.getValue());
            i++;
        }
        return new Query(String.join(" AND ", clauses), params);
    }
}
