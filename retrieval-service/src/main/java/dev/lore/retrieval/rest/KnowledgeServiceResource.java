package dev.lore.retrieval.rest;

import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.page.PageRequest;
import dev.lore.common.page.PageResponse;
import dev.lore.common.project.ProjectContext;
import dev.lore.retrieval.service.KnowledgeServiceService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Knowledge services, the targets of {@code /api/knowledge/service/chat}. */
@Path("/v1/knowledge-services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KnowledgeServiceResource {
    @Inject
    KnowledgeServiceService service;
    @Inject
    ProjectContext project;

    @POST
    @RequiresPermission(Permissions.KNOWLEDGE_ADMIN)
    public Response create(KnowledgeServiceRequest body) {
        KnowledgeServiceRequest r = body == null ? empty() : body;
        return Response.status(201).entity(KnowledgeServiceView.of(service.create(project.projectId(), r))).build();
    }

    @GET
    @RequiresPermission(Permissions.RAG_QUERY)
    public PageResponse<KnowledgeServiceView> list(@RestQuery Integer page, @RestQuery("page_size") Integer pageSize) {
        PageRequest req = PageRequest.of(page, pageSize);
        String p = project.projectId();
        return new PageResponse<>(service.page(p, req.page(), req.pageSize()).stream().map(KnowledgeServiceView::of)
                .toList(), service.count(p), req.page(), req.pageSize());
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(Permissions.RAG_QUERY)
    public KnowledgeServiceView get(@RestPath String id) {
        return KnowledgeServiceView.of(service.get(project.projectId(), id));
    }

    @PATCH
    @Path("/{id}")
    @RequiresPermission(Permissions.KNOWLEDGE_ADMIN)
    public KnowledgeServiceView update(@RestPath String id, KnowledgeServiceRequest body) {
        return KnowledgeServiceView.of(service.update(project.projectId(), id, body == null ? empty() : body));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(Permissions.KNOWLEDGE_ADMIN)
    public Response delete(@RestPath String id) {
        service.delete(project.projectId(), id);
        return Response.noContent().build();
    }

    private static KnowledgeServiceRequest empty() {
        return new KnowledgeServiceRequest(null, null, null, null, null, null, null, null);
    }
}
