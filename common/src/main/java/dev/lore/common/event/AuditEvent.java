package dev.lore.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One {@code audit.event} on {@code lore.audit.v1}, the schema documented in {@code docs/events.md}:
 * written by the gateway, read by the audit service. Never the request body, never a secret: the
 * actor is a key id or a user id. Unknown fields are ignored, as additive changes within v1 allow.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
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
        @JsonProperty("status") Integer status,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("client_ip") String clientIp,
        @JsonProperty("user_agent") String userAgent,
        @JsonProperty("service") String service,
        @JsonProperty("metadata") Map<String, Object> metadata) {

    public static final String SCHEMA = "lore.audit.v1";
    /** The Kafka key, and the stored project, of an event whose caller was unknown. */
    public static final String NO_PROJECT = "-";

    /** {@code type}: {@code api_key}, {@code user} or {@code anonymous}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Actor(@JsonProperty("type") String type, @JsonProperty("id") String id,
                        @JsonProperty("user_id") String userId) {
        public static final List<String> TYPES = List.of("api_key", "user", "anonymous");
    }
}
