package dev.lore.retrieval.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.ApiExceptionMappers;
import dev.lore.common.error.LoreException;
import dev.lore.common.project.ProjectContext;
import dev.lore.index.Filter;
import dev.lore.index.IndexPoint;
import dev.lore.retrieval.model.KnowledgeService;
import dev.lore.retrieval.service.DocFilters;
import dev.lore.retrieval.service.KnowledgeServiceService;
import dev.lore.retrieval.service.ScoredChunk;
import dev.lore.retrieval.service.SearchQuery;
import dev.lore.retrieval.service.SearchService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * VikingDB {@code service_chat} in retrieval mode: the last user message searches the knowledge
 * service's knowledge bases (with its default filter AND the request's {@code doc_filter}).
 * Streamed (the default) as SSE: the first frame carries {@code count}, {@code rewrite_query} and
 * {@code result_list}; the last carries {@code token_usage} and {@code end: true}. With
 * {@code stream: false}, one JSON body holds it all.
 */
@Path("/api/knowledge/service/chat")
@Consumes(MediaType.APPLICATION_JSON)
public class ServiceChatResource {
    @Inject
    KnowledgeServiceService services;
    @Inject
    SearchService search;
    @Inject
    ProjectContext project;
    @Inject
    ObjectMapper json;

    public record ChatMessage(String role, JsonNode content) {
    }

    public record Request(@JsonProperty("service_resource_id") String serviceResourceId, List<ChatMessage> messages,
                          @JsonProperty("query_param") JsonNode queryParam, Boolean stream) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocInfo(@JsonProperty("doc_id") String docId, @JsonProperty("doc_name") String docName,
                          @JsonProperty("doc_type") String docType, @JsonProperty("doc_meta") String docMeta,
                          String source, String title) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String id, String content, @JsonProperty("md_content") String mdContent, double score,
                       @JsonProperty("point_id") String pointId, @JsonProperty("chunk_title") String chunkTitle,
                       @JsonProperty("chunk_id") int chunkId, @JsonProperty("recall_position") int recallPosition,
                       @JsonProperty("rerank_position") Integer rerankPosition,
                       @JsonProperty("rerank_score") Double rerankScore,
                       @JsonProperty("chunk_type") String chunkType, @JsonProperty("update_time") long updateTime,
                       @JsonProperty("doc_info") DocInfo docInfo) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(Integer count, @JsonProperty("rewrite_query") String rewriteQuery,
                       @JsonProperty("token_usage") Object tokenUsage,
                       @JsonProperty("result_list") List<Item> resultList, Boolean end) {
    }

    public record Envelope(int code, String message, @JsonProperty("request_id") String requestId, Data data) {
    }

    @POST
    @RequiresPermission(Permissions.RAG_QUERY)
    public Response chat(Request body, @Context ContainerRequestContext request) {
        if (body == null || body.serviceResourceId() == null || body.serviceResourceId().isBlank()) {
            throw LoreException.badRequest("service_resource_id is required", "service_resource_id");
        }
        String query = query(body.messages());
        Filter requestFilter = DocFilters.parse(body.queryParam() == null ? null : body.queryParam().get("doc_filter"),
                "query_param.doc_filter");
        String projectId = project.projectId();
        KnowledgeService ks = services.get(projectId, body.serviceResourceId());
        SearchService.Timings timings = new SearchService.Timings();
        List<ScoredChunk> hits = search.search(new SearchQuery(projectId, query,
                Filter.and(KnowledgeServiceService.filter(ks), requestFilter), ks.topK, 1 - ks.keywordWeight,
                ks.minScore, ks.rerank), timings);
        List<Item> items = hits.stream().map(this::item).toList();
        Map<String, Object> usage = Map.of("embedding_token_usage", Map.of("prompt_tokens", timings.embedTokens,
                "completion_tokens", 0, "total_tokens", timings.embedTokens));
        String requestId = ApiExceptionMappers.requestId(request);
        if (Boolean.FALSE.equals(body.stream())) {
            return Response.ok(new Envelope(0, "success", requestId,
                    new Data(items.size(), query, usage, items, true)), MediaType.APPLICATION_JSON_TYPE).build();
        }
        String sse = frame(new Envelope(0, "success", requestId, new Data(items.size(), query, null, items, false)))
                + frame(new Envelope(0, "success", requestId, new Data(null, null, usage, null, true)));
        return Response.ok(sse, MediaType.SERVER_SENT_EVENTS_TYPE).header("Cache-Control", "no-cache").build();
    }

    /** The last message is the question: it must be the user's and hold text (images are accepted, unused). */
    static String query(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw LoreException.badRequest("messages must hold at least one message", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m == null || !("user".equals(m.role()) || "assistant".equals(m.role()))) {
                throw LoreException.badRequest("messages[" + i + "].role must be 'user' or 'assistant'", "messages");
            }
        }
        ChatMessage last = messages.get(messages.size() - 1);
        if (!"user".equals(last.role())) {
            throw LoreException.badRequest("The last message must be the user's question", "messages");
        }
        String text = text(last.content(), messages.size() - 1);
        if (text.isBlank()) {
            throw LoreException.badRequest("The last message has no text to search with", "messages");
        }
        return text;
    }

    private static String text(JsonNode content, int index) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw LoreException.badRequest("messages[" + index + "].content must be a string or an array of parts",
                    "messages");
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> parts.add(part.path("text").asText(""));
                case "image_url" -> {
                    if (part.path("image_url").path("url").asText("").isBlank()) {
                        throw LoreException.badRequest("messages[" + index + "]: an image_url part needs image_url.url",
                                "messages");
                    }
                }
                default -> throw LoreException.badRequest("messages[" + index + "]: part type must be 'text' or "
                        + "'image_url'", "messages");
            }
        }
        return String.join("\n", parts).trim();
    }

    private Item item(ScoredChunk h) {
        IndexPoint p = h.point();
        String name = p.documentName();
        int dot = name == null ? -1 : name.lastIndexOf('.');
        String type = dot < 0 ? null : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        String meta;
        try {
            meta = p.metadata() == null || p.metadata().isEmpty() ? null : json.writeValueAsString(p.metadata());
        } catch (JsonProcessingException e) {
            meta = null;
        }
        return new Item(p.pointId(), p.content(), p.content(), h.score(), p.pointId(), p.title(), p.ordinal(),
                h.recallPosition(), h.rerankPosition(), h.rerankScore(), p.chunkType(), p.updatedAt() / 1000,
                new DocInfo(p.documentId(), name, type, meta, "file", title(name)));
    }

    private static String title(String name) {
        if (name == null) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private String frame(Envelope e) {
        try {
            return "data: " + json.writeValueAsString(e) + "\n\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

