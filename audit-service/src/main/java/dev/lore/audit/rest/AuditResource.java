package dev.lore.audit.rest;

import dev.lore.audit.model.ExportFormat;
import dev.lore.audit.model.ExportJob;
import dev.lore.audit.service.AuditFilter;
import dev.lore.audit.service.AuditLogService;
import dev.lore.audit.service.ChainVerifier;
import dev.lore.audit.service.ExportService;
import dev.lore.common.auth.CallerContext;
import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.page.PageRequest;
import dev.lore.common.project.ProjectContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The audit trail of the caller's project: list, read, verify, export. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    AuditLogService logs;
    @Inject
    ChainVerifier verifier;
    @Inject
    ExportService exports;
    @Inject
    ProjectContext project;
    @Inject
    CallerContext caller;

    @GET
    @Path("/logs")
    @RequiresPermission(Permissions.AUDIT_READ)
    public AuditLogPage list(@RestQuery("start_time") String startTime, @RestQuery("end_time") String endTime,
                             @RestQuery String action, @RestQuery String actor, @RestQuery String status,
                             @RestQuery("request_id") String requestId, @RestQuery Integer page,
                             @RestQuery("page_size") Integer pageSize) {
        return logs.list(project.projectId(), new AuditFilter(startTime, endTime, action, actor, status, requestId),
                PageRequest.of(page, pageSize));
    }

    @GET
    @Path("/logs/{id}")
    @RequiresPermission(Permissions.AUDIT_READ)
    public AuditLogView get(@RestPath String id) {
        return logs.get(project.projectId(), id);
    }

    @GET
    @Path("/verify")
    @RequiresPermission(Permissions.AUDIT_READ)
    public ChainVerifier.Result verify(@RestQuery("start_time") String startTime,
                                       @RestQuery("end_time") String endTime) {
        return verifier.verify(project.projectId(), new AuditFilter(startTime, endTime, null, null, null, null));
    }

    @POST
    @Path("/logs/export")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permissions.AUDIT_EXPORT)
    public Response export(ExportRequest body) {
        ExportRequest req = body == null ? new ExportRequest(null, null, null, null, null, null, null, null) : body;
        ExportJob job = exports.create(project.projectId(), caller.caller().subject(), req.filter(), req.format(),
                req.gzip());
        return Response.accepted(ExportView.of(job)).build();
    }

    @GET
    @Path("/exports/{id}")
    @RequiresPermission(Permissions.AUDIT_EXPORT)
    public ExportView exportStatus(@RestPath String id) {
        return ExportView.of(exports.get(project.projectId(), id));
    }

    @GET
    @Path("/exports/{id}/download")
    @Produces(MediaType.WILDCARD)
    @RequiresPermission(Permissions.AUDIT_EXPORT)
    public Response download(@RestPath String id) {
        ExportJob job = exports.get(project.projectId(), id);
        java.nio.file.Path file = exports.file(job);
        ExportFormat format = ExportFormat.of(job.format).orElseThrow();
        return Response.ok(file.toFile(), job.gzip ? "application/gzip" : format.contentType)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .build();
    }
}
