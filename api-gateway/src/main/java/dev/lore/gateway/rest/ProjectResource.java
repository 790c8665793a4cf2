package dev.lore.gateway.rest;

import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.edge.GatewayCaller;
import dev.lore.gateway.service.ProjectService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

@Path("/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresPermission(Permissions.PROJECTS_ADMIN)
public class ProjectResource {

    @Inject
    ProjectService projects;
    @Inject
    GatewayCaller caller;

    @POST
    public Response create(ProjectRequest body) {
        if (body == null) {
            throw LoreException.badRequest("A JSON body is required", null);
        }
        return Response.status(201)
                .entity(ProjectView.of(projects.create(caller.principal(), body.id(), body.name(), body.description())))
                .build();
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("object", "list", "data", projects.list(caller.principal()).stream().map(ProjectView::of).toList());
    }

    @GET
    @Path("/{id}")
    public ProjectView get(@PathParam("id") String id) {
        return ProjectView.of(projects.get(caller.principal(), id));
    }

    @PATCH
    @Path("/{id}")
    public ProjectView update(@PathParam("id") String id, ProjectRequest body) {
        if (body == null) {
            throw LoreException.badRequest("A JSON body is required", null);
        }
        return ProjectView.of(projects.update(caller.principal(), id, body.name(), body.description()));
    }

    @DELETE
    @Path("/{id}")
    public ProjectView delete(@PathParam("id") String id) {
        return ProjectView.of(projects.delete(caller.principal(), id));
    }
}
