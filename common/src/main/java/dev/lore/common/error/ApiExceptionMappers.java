package dev.lore.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure in the envelope of the surface the request came in on
 * ({@link ErrorSurface}). Unexpected errors are logged with their stack trace and answered
 * without one.
 */
public class ApiExceptionMappers {
    public static final String REQUEST_ID = "X-Request-Id";
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response lore(LoreException e, ContainerRequestContext request) {
        return respond(request, e.status(), e.code(), e.getMessage(), e.param());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, ContainerRequestContext request) {
        return respond(request, 400, "invalid_json", "The request body is not valid JSON: " + e.getOriginalMessage(),
                null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        String code = switch (e) {
            case NotFoundException n -> "route_not_found";
            case NotAllowedException n -> "method_not_allowed";
            case NotSupportedException n -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? Response.Status.fromStatusCode(status) + "" : e.getMessage();
        return respond(request, status, code, message, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, ContainerRequestContext request) {
        LOG.error("Unhandled error", e);
        return respond(request, 500, "internal_error", "An internal error occurred", null);
    }

    private static Response respond(ContainerRequestContext request, int status, String code, String message,
                                    String param) {
        ErrorSurface surface = ErrorSurface.of(request.getUriInfo().getPath());
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(surface.body(status, code, message, param, requestId(request)))
                .build();
    }

    /** The caller's {@code X-Request-Id}, or a fresh one. */
    public static String requestId(ContainerRequestContext request) {
        String id = request.getHeaderString(REQUEST_ID);
        return id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
    }
}
