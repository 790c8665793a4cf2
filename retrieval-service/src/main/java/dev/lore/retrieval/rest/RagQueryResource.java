package dev.lore.retrieval.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.LoreException;
import dev.lore.common.project.ProjectContext;
import dev.lore.index.Filter;
import dev.lore.retrieval.config.RetrievalConfig;
import dev.lore.retrieval.service.ScoredChunk;
import dev.lore.retrieval.service.SearchQuery;
import dev.lore.retrieval.service.SearchService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Vecstruct {@code rag.query}: retrieval over the project's documents, scored by similarity. */
@Path("/v1/rag/query")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RagQueryResource {
    static final int DEFAULT_TOP_K = 5;
    static final int MAX_TOP_K = 100;

    @Inject
    SearchService search;
    @Inject
    ProjectContext project;
    @Inject
    RetrievalConfig config;

    public record Request(String query, @JsonProperty("top_k") Integer topK,
                          @JsonProperty("min_similarity") Double minSimilarity,
                          @JsonProperty("source_ids") List<String> sourceIds,
                          @JsonProperty("rag_query_expansion") String queryExpansion) {
    }

    public record Item(double score, String content, @JsonProperty("document_id") String documentId,
                       @JsonProperty("document_name") String documentName, String title,
                       @JsonProperty("chunk_ordinal") int chunkOrdinal,
                       @JsonProperty("knowledge_base_id") String knowledgeBaseId, Integer page,
                       Map<String, Object> metadata) {
    }

    public record Result(String query, @JsonProperty("rag_query_expansion") String queryExpansion,
                         List<Item> results) {
    }

    @POST
    @RequiresPermission(Permissions.RAG_QUERY)
    public Result query(Request body) {
        if (body == null || body.query() == null || body.query().isBlank()) {
            throw LoreException.badRequest("query is required", "query");
        }
        int topK = body.topK() == null ? DEFAULT_TOP_K : body.topK();
        if (topK < 1 || topK > MAX_TOP_K) {
            throw LoreException.badRequest("top_k must be between 1 and " + MAX_TOP_K, "top_k");
        }
        double min = body.minSimilarity() == null ? 0 : body.minSimilarity();
        if (!(min >= 0 && min <= 1)) {
            throw LoreException.badRequest("min_similarity must be between 0 and 1", "min_similarity");
        }
        String expansion = body.queryExpansion() == null ? "none" : body.queryExpansion();
        switch (expansion) {
            case "none" -> { }
            case "rewrite" -> throw LoreException.badRequest("rag_query_expansion 'rewrite' needs an LLM to rewrite "
                    + "the query, and none is configured; use 'none'", "rag_query_expansion");
            default -> throw LoreException.badRequest("rag_query_expansion must be 'none' or 'rewrite'",
                    "rag_query_expansion");
        }
        if (body.sourceIds() != null && body.sourceIds().contains(null)) {
            throw LoreException.badRequest("source_ids cannot contain null", "source_ids");
        }
        Filter filter = body.sourceIds() == null ? Filter.all() : Filter.anyOf(Filter.DOCUMENT_ID, body.sourceIds());
        List<ScoredChunk> hits = search.search(new SearchQuery(project.projectId(), body.query(), filter, topK,
                config.search().ragEmbeddingRate(), min, null), new SearchService.Timings());
        return new Result(body.query(), expansion, hits.stream().map(h -> new Item(h.score(), h.point().content(),
                h.point().documentId(), h.point().documentName(), h.point().title(), h.point().ordinal(),
                h.point().knowledgeBaseId(), h.point().page(), h.point().metadata())).toList());
    }
}
