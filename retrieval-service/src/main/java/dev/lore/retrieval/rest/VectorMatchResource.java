package dev.lore.retrieval.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.LoreException;
import dev.lore.common.project.ProjectContext;
import dev.lore.index.Filter;
import dev.lore.retrieval.service.KnowledgeBases;
import dev.lore.retrieval.service.ScoredChunk;
import dev.lore.retrieval.service.SearchQuery;
import dev.lore.retrieval.service.SearchService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * GPTBots {@code POST /v1/vector/match}: hybrid search over the project's knowledge bases
 * ({@code group_ids}) and documents ({@code data_ids}). Errors use GPTBots' {@code {code, message}}
 * envelope (see {@code ErrorSurface}).
 */
@Path("/v1/vector/match")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VectorMatchResource {
    static final int DEFAULT_TOP_K = 10;

    @Inject
    SearchService search;
    @Inject
    KnowledgeBases knowledgeBases;
    @Inject
    ProjectContext project;

    public record Request(@JsonProperty("embedding_rate") Double embeddingRate, String prompt,
                          @JsonProperty("group_ids") List<String> groupIds,
                          @JsonProperty("data_ids") List<String> dataIds,
                          @JsonProperty("top_k") Integer topK,
                          @JsonProperty("rerank_version") String rerankVersion,
                          @JsonProperty("doc_correlation") Double docCorrelation) {
    }

    public record Item(String content, @JsonProperty("data_id") String dataId,
                       @JsonProperty("document_name") String documentName, double score) {
    }

    public record Result(int total, List<Item> list) {
    }

    @POST
    @RequiresPermission(Permissions.VECTOR_MATCH)
    public Response match(Request body) {
        if (body == null) {
            throw LoreException.badRequest("A JSON body is required", null);
        }
        if (body.prompt() == null || body.prompt().isBlank()) {
            throw LoreException.badRequest("prompt is required", "prompt");
        }
        double rate = body.embeddingRate() == null ? 1.0 : body.embeddingRate();
        if (!(rate >= 0 && rate <= 1)) {
            throw LoreException.badRequest("embedding_rate must be between 0 and 1", "embedding_rate");
        }
        int topK = body.topK() == null ? DEFAULT_TOP_K : body.topK();
        if (topK < 1 || topK > 50) {
            throw LoreException.badRequest("top_k must be between 1 and 50", "top_k");
        }
        Double correlation = body.docCorrelation();
        if (correlation != null && !(correlation >= 0.1 && correlation <= 0.95)) {
            throw LoreException.badRequest("doc_correlation must be between 0.1 and 0.95", "doc_correlation");
        }
        String rerank = body.rerankVersion() == null || body.rerankVersion().isBlank() ? null : body.rerankVersion();
        if (body.groupIds() != null && body.groupIds().contains(null)) {
            throw LoreException.badRequest("group_ids cannot contain null", "group_ids");
        }
        if (body.dataIds() != null && body.dataIds().contains(null)) {
            throw LoreException.badRequest("data_ids cannot contain null", "data_ids");
        }
        if (rerank != null) {
            search.reranker(rerank);
        }
        String projectId = project.projectId();
        if (body.groupIds() != null) {
            knowledgeBases.requireAll(projectId, body.groupIds());
        }
        SearchService.Timings timings = new SearchService.Timings();
        long t0 = System.nanoTime();
        List<ScoredChunk> hits = search.search(new SearchQuery(projectId, body.prompt(),
                scope(body.groupIds(), body.dataIds()), topK, rate, correlation == null ? 0 : correlation, rerank),
                timings);
        long total = System.nanoTime() - t0;
        List<Item> items = hits.stream().map(h -> new Item(h.point().content(), h.point().documentId(),
                h.point().documentName(), h.score())).toList();
        return Response.ok(new Result(items.size(), items)).header("Server-Timing", serverTiming(timings, total))
                .build();
    }

    /**
     * GPTBots scoping: a list restricts to those knowledge bases or documents, {@code []} to none;
     * with both lists the scope is their union; with neither, everything in the project.
     */
    static Filter scope(List<String> groupIds, List<String> dataIds) {
        if (groupIds == null && dataIds == null) {
            return Filter.all();
        }
        List<Filter> parts = new ArrayList<>();
        if (groupIds != null) {
            parts.add(Filter.anyOf(Filter.KB_ID, groupIds));
        }
        if (dataIds != null) {
            parts.add(Filter.anyOf(Filter.DOCUMENT_ID, dataIds));
        }
        return Filter.or(parts);
    }

    /** Where the time went (standard Server-Timing header, in ms): read by the benchmark. */
    static String serverTiming(SearchService.Timings t, long totalNanos) {
        return String.format(java.util.Locale.ROOT, "embed;dur=%.3f, index;dur=%.3f, rerank;dur=%.3f, search;dur=%.3f",
                t.embedNanos / 1e6, t.indexNanos / 1e6, t.rerankNanos / 1e6, totalNanos / 1e6);
    }
}
