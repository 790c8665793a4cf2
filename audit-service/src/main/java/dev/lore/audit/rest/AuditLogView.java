package dev.lore.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.service.ChainHash;
import dev.lore.common.event.AuditEvent;
import java.util.List;

/**
 * A stored audit event as the API and JSON exports show it: the {@code lore.audit.v1} fields (the
 * event id as {@code id}) plus when it was stored and its link in the project's hash chain.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditLogView(
        String id,
        String time,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("project_id") String projectId,
        AuditEvent.Actor actor,
        String action,
        @JsonProperty("denied_action") String deniedAction,
        @JsonProperty("resource_ids") List<String> resourceIds,
        String method,
        String path,
        int status,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("client_ip") String clientIp,
        @JsonProperty("user_agent") String userAgent,
        String service,
        JsonNode metadata,
        @JsonProperty("stored_at") String storedAt,
        long sequence,
        @JsonProperty("prev_hash") String prevHash,
        String hash) {

    public static AuditLogView of(AuditRecord r) {
        return new AuditLogView(r.eventId().toString(), r.time().toString(), r.requestId(),
                AuditEvent.NO_PROJECT.equals(r.projectId()) ? null : r.projectId(),
                new AuditEvent.Actor(r.actorType(), r.actorId(), r.actorUserId()), r.action(), r.deniedAction(),
                r.resourceIds(), r.method(), r.path(), r.status(), r.errorCode(), r.latencyMs(), r.clientIp(),
                r.userAgent(), r.service(), r.metadata(), r.storedAt().toString(), r.seq(), ChainHash.hex(r.prevHash()),
                ChainHash.hex(r.hash()));
    }
}
