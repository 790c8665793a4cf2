package dev.lore.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure of a {@code /v1} service in the OpenAI-style envelope. Unexpected errors
 * are logged with their stack trace and answered without one.
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response lore(LoreException e) {
        return respond(e.status(), e.code(), e.getMessage(), e.param());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return respond(400, "invalid_json", "The request body is not valid JSON: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String code = switch (e) {
            case NotFoundException n -> "route_not_found";
            case NotAllowedException n -> "method_not_allowed";
            case NotSupportedException n -> "unsupported_media_type";
            default -> "http_" + status;
        };
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? Response.Status.fromStatusCode(status) + "" : e.getMessage();
        return respond(status, code, message, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unhandled error", e);
        return respond(500, "internal_error", "An internal error occurred", null);
    }

    public static Response respond(int status, String code, String message, String param) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(status, code, message, param))
                .build();
    }
}
