package dev.lore.gateway.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One {@code audit.event} on {@code lore.audit.v1}, the schema documented in {@code docs/events.md}.
 * Never the request body, never a secret: the actor is a key id or a user id.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEvent(
        @JsonProperty("schema") String schema,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("time") String time,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("actor") Actor actor,
        @JsonProperty("action") String action,
        @JsonProperty("denied_action") String deniedAction,
        @JsonProperty("resource_ids") List<String> resourceIds,
        @JsonProperty("method") String method,
        @JsonProperty("path") String path,
        @JsonProperty("status") int status,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("latency_ms") double latencyMs,
        @JsonProperty("client_ip") String clientIp,
        @JsonProperty("user_agent") String userAgent,
        @JsonProperty("service") String service,
        @JsonProperty("metadata") Map<String, Object> metadata) {

    public static final String SCHEMA = "lore.audit.v1";

    /** {@code type}: {@code api_key}, {@code user} or {@code anonymous}. */
    public record Actor(@JsonProperty("type") String type, @JsonProperty("id") String id,
                        @JsonProperty("user_id") String userId) {}
}
