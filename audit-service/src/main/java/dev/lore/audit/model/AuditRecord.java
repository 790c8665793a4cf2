package dev.lore.audit.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One stored audit event: the {@code lore.audit.v1} fields plus its place in the project's hash
 * chain ({@code seq}, {@code prevHash}, {@code hash}). Times are whole microseconds, as stored.
 */
public record AuditRecord(
        String projectId,
        long seq,
        UUID eventId,
        Instant time,
        Instant storedAt,
        String requestId,
        String actorType,
        String actorId,
        String actorUserId,
        String action,
        String deniedAction,
        List<String> resourceIds,
        String method,
        String path,
        int status,
        String errorCode,
        Double latencyMs,
        String clientIp,
        String userAgent,
        String service,
        JsonNode metadata,
        byte[] prevHash,
        byte[] hash) {

    public AuditRecord chained(long seq, byte[] prevHash, byte[] hash) {
        return new AuditRecord(projectId, seq, eventId, time, storedAt, requestId, actorType, actorId, actorUserId,
                action, deniedAction, resourceIds, method, path, status, errorCode, latencyMs, clientIp, userAgent,
                service, metadata, prevHash, hash);
    }
}
