package dev.lore.ingestion.rest;

import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.LoreException;
import dev.lore.common.id.Ids;
import dev.lore.common.page.PageRequest;
import dev.lore.common.page.PageResponse;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import dev.lore.ingestion.repository.ChunkRepository;
import dev.lore.ingestion.repository.DocumentRepository;
import dev.lore.ingestion.service.DocumentService;
import dev.lore.common.project.ProjectContext;
import dev.lore.ingestion.service.UploadRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/v1/documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentResource {
    private static final String METADATA_FILTER = "metadata.";

    @Inject
    DocumentService service;
    @Inject
    DocumentRepository documents;
    @Inject
    ChunkRepository chunks;
    @Inject
    ProjectContext project;

    /** Stores the upload and answers 202 at once; parsing, chunking and indexing follow. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequiresPermission(Permissions.DOCUMENTS_WRITE)
    public Response upload(@RestForm("file") FileUpload file,
                           @RestForm("file_name") String fileName,
                           @RestForm String metadata,
                           @RestForm("knowledge_base_id") String knowledgeBaseId,
                           @RestForm("chunk_strategy") String chunkStrategy,
                           @RestForm("chunk_size") String chunkSize,
                           @RestForm("chunk_overlap") String chunkOverlap,
                           @RestForm("chunk_semantic_threshold") String chunkSemanticThreshold) {
        String name = fileName != null && !fileName.isBlank() ? fileName.trim()
                : file != null && file.fileName() != null && !file.fileName().isBlank() ? file.fileName() : "document";
        UploadRequest req = new UploadRequest(file == null ? null : file.uploadedFile(), name,
                file == null ? 0 : file.size(), metadata, knowledgeBaseId, chunkStrategy,
                intParam(chunkSize, "chunk_size"), intParam(chunkOverlap, "chunk_overlap"),
                doubleParam(chunkSemanticThreshold, "chunk_semantic_threshold"));
        Document doc = service.upload(project.projectId(), req);
        return Response.accepted(DocumentView.of(doc)).build();
    }

    /** Filters: {@code knowledge_base_id}, {@code status}, {@code name} (substring), {@code metadata.<key>=<value>}. */
    @GET
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public PageResponse<DocumentView> list(@RestQuery Integer page, @RestQuery("page_size") Integer pageSize,
                                           @RestQuery("knowledge_base_id") String knowledgeBaseId,
                                           @RestQuery String status, @RestQuery String name,
                                           @Context UriInfo uri) {
        PageRequest req = PageRequest.of(page, pageSize);
        Map<String, String> metadata = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((k, v) -> {
            if (k.startsWith(METADATA_FILTER) && k.length() > METADATA_FILTER.length()) {
                metadata.put(k.substring(METADATA_FILTER.length()), v.get(0));
            }
        });
        DocumentStatus st;
        try {
            st = status == null || status.isBlank() ? null : DocumentStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw LoreException.badRequest(e.getMessage(), "status");
        }
        UUID kb = null;
        if (knowledgeBaseId != null && !knowledgeBaseId.isBlank()) {
            try {
                kb = UUID.fromString(knowledgeBaseId);
            } catch (IllegalArgumentException e) {
                throw LoreException.badRequest("knowledge_base_id is not a valid id", "knowledge_base_id");
            }
        }
        DocumentRepository.Filter filter = new DocumentRepository.Filter(kb, st, name, metadata);
        String p = project.projectId();
        List<DocumentView> data = documents.page(p, filter, req.offset(), req.pageSize()).stream()
                .map(DocumentView::of).toList();
        return new PageResponse<>(data, documents.count(p, filter), req.page(), req.pageSize());
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public DocumentView get(@RestPath String id) {
        return DocumentView.of(find(id));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(Permissions.DOCUMENTS_WRITE)
    public Response delete(@RestPath String id) {
        service.delete(project.projectId(), docId(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/activate")
    @RequiresPermission(Permissions.DOCUMENTS_WRITE)
    public DocumentView activate(@RestPath String id) {
        return DocumentView.of(service.setActive(project.projectId(), docId(id), true));
    }

    @POST
    @Path("/{id}/deactivate")
    @RequiresPermission(Permissions.DOCUMENTS_WRITE)
    public DocumentView deactivate(@RestPath String id) {
        return DocumentView.of(service.setActive(project.projectId(), docId(id), false));
    }

    /** Parses, chunks and indexes the stored original again as a new version. */
    @POST
    @Path("/{id}/reindex")
    @RequiresPermission(Permissions.DOCUMENTS_WRITE)
    public Response reindex(@RestPath String id) {
        return Response.accepted(DocumentView.of(service.rebuild(project.projectId(), docId(id), null, null, null, null)))
                .build();
    }

    /** New chunking settings make a new version; the old one serves until the new one is indexed. */
    @PATCH
    @Path("/{id}/chunking")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permissions.DOCUMENTS_WRITE)
    public Response updateChunking(@RestPath String id, ChunkingRequest body) {
        ChunkingRequest b = body == null ? new ChunkingRequest(null, null, null, null) : body;
        Document doc = service.rebuild(project.projectId(), docId(id), b.chunkStrategy(), b.chunkSize(),
                b.chunkOverlap(), b.chunkSemanticThreshold());
        return Response.accepted(DocumentView.of(doc)).build();
    }

    @GET
    @Path("/{id}/download")
    @Produces(MediaType.WILDCARD)
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public Response download(@RestPath String id) {
        Document doc = find(id);
        return Response.ok(service.original(doc).toFile(), doc.contentType)
                .header("Content-Disposition", attachment(doc.name))
                .build();
    }

    @GET
    @Path("/{id}/markdown")
    @Produces("text/markdown; charset=utf-8")
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public Response markdown(@RestPath String id) {
        Document doc = find(id);
        return Response.ok(service.markdown(doc).toFile(), "text/markdown; charset=utf-8")
                .header("Content-Disposition", "inline; filename*=UTF-8''" + encode(baseName(doc.name) + ".md"))
                .build();
    }

    /** The chunks of the newest version that has any, in order. */
    @GET
    @Path("/{id}/chunks")
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public PageResponse<ChunkView> chunks(@RestPath String id, @RestQuery Integer page,
                                          @RestQuery("page_size") Integer pageSize) {
        PageRequest req = PageRequest.of(page, pageSize);
        Document doc = find(id);
        int version = service.chunkVersion(doc);
        return new PageResponse<>(chunks.page(doc.id, version, req.offset(), req.pageSize()).stream()
                .map(ChunkView::of).toList(), chunks.countOf(doc.id, version), req.page(), req.pageSize());
    }

    private Document find(String id) {
        return service.get(project.projectId(), docId(id));
    }

    private static UUID docId(String raw) {
        return Ids.pathId(raw, "document");
    }

    private static Integer intParam(String raw, String param) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw LoreException.badRequest(param + " must be an integer", param);
        }
    }

    private static Double doubleParam(String raw, String param) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw LoreException.badRequest(param + " must be a number", param);
        }
    }

    private static String attachment(String name) {
        return "attachment; filename=\"" + name.replaceAll("[^\\x20-\\x7e]|\"", "_") + "\"; filename*=UTF-8''"
                + encode(name);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
