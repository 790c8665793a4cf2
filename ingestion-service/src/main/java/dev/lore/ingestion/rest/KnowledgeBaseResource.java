package dev.lore.ingestion.rest;

import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.id.Ids;
import dev.lore.common.page.PageRequest;
import dev.lore.common.page.PageResponse;
import dev.lore.ingestion.model.KnowledgeBase;
import dev.lore.ingestion.service.KnowledgeBaseService;
import dev.lore.common.project.ProjectContext;
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
import java.util.UUID;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/v1/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KnowledgeBaseResource {
    @Inject
    KnowledgeBaseService service;
    @Inject
    ProjectContext project;

    @POST
    @RequiresPermission(Permissions.KNOWLEDGE_ADMIN)
    public Response create(KnowledgeBaseRequest body) {
        KnowledgeBase kb = service.create(project.projectId(), body == null ? empty() : body);
        return Response.status(201).entity(KnowledgeBaseView.of(kb, 0)).build();
    }

    @GET
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public PageResponse<KnowledgeBaseView> list(@RestQuery Integer page, @RestQuery("page_size") Integer pageSize) {
        String p = project.projectId();
        service.defaultFor(p);
        PageRequest req = PageRequest.of(page, pageSize);
        return new PageResponse<>(service.page(p, req.offset(), req.pageSize()).stream()
                .map(kb -> KnowledgeBaseView.of(kb, service.documentCount(p, kb.id))).toList(),
                service.count(p), req.page(), req.pageSize());
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(Permissions.DOCUMENTS_READ)
    public KnowledgeBaseView get(@RestPath String id) {
        String p = project.projectId();
        return KnowledgeBaseView.of(service.get(p, kbId(id)), service.documentCount(p, kbId(id)));
    }

    @PATCH
    @Path("/{id}")
    @RequiresPermission(Permissions.KNOWLEDGE_ADMIN)
    public KnowledgeBaseView update(@RestPath String id, KnowledgeBaseRequest body) {
        String p = project.projectId();
        return KnowledgeBaseView.of(service.update(p, kbId(id), body == null ? empty() : body), service.documentCount(p, kbId(id)));
    }

    @DELETE
    @Path("/{id}")
    @RequiresPermission(Permissions.KNOWLEDGE_ADMIN)
    public Response delete(@RestPath String id) {
        service.delete(project.projectId(), kbId(id));
        return Response.noContent().build();
    }

    private static UUID kbId(String raw) {
        return Ids.pathId(raw, "knowledge_base");
    }

    private static KnowledgeBaseRequest empty() {
        return new KnowledgeBaseRequest(null, null, null, null, null, null, null);
    }
}
