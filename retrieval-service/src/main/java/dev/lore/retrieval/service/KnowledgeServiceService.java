package dev.lore.retrieval.service;

import dev.lore.common.error.LoreException;
import dev.lore.index.Filter;
import dev.lore.llm.rerank.Rerankers;
import dev.lore.retrieval.model.KnowledgeService;
import dev.lore.retrieval.repository.KnowledgeServiceRepository;
import dev.lore.retrieval.rest.KnowledgeServiceRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** Knowledge services: validated on every write, so a stored one always searches. */
@ApplicationScoped
public class KnowledgeServiceService {
    public static final int MAX_TOP_K = 200;
    static final int DEFAULT_TOP_K = 10;

    @Inject
    KnowledgeServiceRepository repository;
    @Inject
    KnowledgeBases knowledgeBases;
    @Inject
    Rerankers rerankers;

    @Transactional
    public KnowledgeService create(String projectId, KnowledgeServiceRequest r) {
        if (r.name() == null || r.name().isBlank()) {
            throw LoreException.badRequest("name is required", "name");
        }
        if (r.knowledgeBaseIds() == null || r.knowledgeBaseIds().isEmpty()) {
            throw LoreException.badRequest("knowledge_base_ids must name at least one knowledge base",
                    "knowledge_base_ids");
        }
        KnowledgeService s = new KnowledgeService();
        s.id = "ks-" + UUID.randomUUID().toString().replace("-", "");
        s.projectId = projectId;
        s.topK = DEFAULT_TOP_K;
        s.createdAt = now();
        apply(projectId, s, r);
        repository.persist(s);
        return s;
    }

    public KnowledgeService get(String projectId, String id) {
        return repository.find(projectId, id).orElseThrow(() -> LoreException.notFound("knowledge_service", id));
    }

    public List<KnowledgeService> page(String projectId, int page, int size) {
        return repository.page(projectId, page - 1, size);
    }

    public long count(String projectId) {
        return repository.count(projectId);
    }

    @Transactional
    public KnowledgeService update(String projectId, String id, KnowledgeServiceRequest r) {
        KnowledgeService s = get(projectId, id);
        if (r.name() != null && r.name().isBlank()) {
            throw LoreException.badRequest("name cannot be blank", "name");
        }
        if (r.knowledgeBaseIds() != null && r.knowledgeBaseIds().isEmpty()) {
            throw LoreException.badRequest("knowledge_base_ids must name at least one knowledge base",
                    "knowledge_base_ids");
        }
        apply(projectId, s, r);
        return s;
    }

    @Transactional
    public void delete(String projectId, String id) {
        repository.delete(get(projectId, id));
    }

    /** The service's scope and default filter as one index filter. */
    public static Filter filter(KnowledgeService s) {
        return Filter.and(Filter.anyOf(Filter.KB_ID, s.knowledgeBaseIds), DocFilters.parse(s.docFilter, "doc_filter"));
    }

    private void apply(String projectId, KnowledgeService s, KnowledgeServiceRequest r) {
        if (r.name() != null) {
            s.name = r.name().trim();
        }
        if (r.description() != null) {
            s.description = r.description();
        }
        if (r.knowledgeBaseIds() != null) {
            if (r.knowledgeBaseIds().contains(null)) {
                throw LoreException.badRequest("knowledge_base_ids cannot contain null", "knowledge_base_ids");
            }
            List<String> ids = List.copyOf(new LinkedHashSet<>(r.knowledgeBaseIds()));
            for (String kb : ids) {
                if (!knowledgeBases.exists(projectId, kb)) {
                    throw LoreException.badRequest("Knowledge base '" + kb + "' does not exist", "knowledge_base_ids");
                }
            }
            s.knowledgeBaseIds = ids;
        }
        if (r.topK() != null) {
            if (r.topK() < 1 || r.topK() > MAX_TOP_K) {
                throw LoreException.badRequest("top_k must be between 1 and " + MAX_TOP_K, "top_k");
            }
            s.topK = r.topK();
        }
        if (r.keywordWeight() != null) {
            s.keywordWeight = unit(r.keywordWeight(), "keyword_weight");
        }
        if (r.minScore() != null) {
            s.minScore = unit(r.minScore(), "min_score");
        }
        if (r.rerank() != null) {
            if (r.rerank().isBlank()) {
                s.rerank = null;
            } else if (rerankers.find(r.rerank()).isEmpty()) {
                throw LoreException.badRequest("Reranker '" + r.rerank() + "' is not configured", "rerank");
            } else {
                s.rerank = r.rerank();
            }
        }
        if (r.docFilter() != null) {
            DocFilters.parse(r.docFilter(), "doc_filter");
            s.docFilter = r.docFilter().isNull() ? null : r.docFilter();
        }
        s.updatedAt = now();
    }

    /** Microseconds, as PostgreSQL stores them, so a write answers the timestamps a read will. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static double unit(double v, String param) {
        if (!(v >= 0 && v <= 1)) {
            throw LoreException.badRequest(param + " must be between 0 and 1", param);
        }
        return v;
    }
}
