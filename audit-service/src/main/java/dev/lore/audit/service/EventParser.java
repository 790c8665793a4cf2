package dev.lore.audit.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lore.audit.model.AuditRecord;
import dev.lore.common.event.AuditEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Reads a {@code lore.audit.v1} value into a record to store, or says why it cannot be stored.
 * Checks what PostgreSQL would otherwise reject mid-batch (NUL characters, bad UUIDs) so one
 * poison event never fails its neighbours.
 */
final class EventParser {
    /** Floats as BigDecimal: metadata keeps the exact decimal the producer wrote. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    sealed interface Result {
    }

    record Parsed(AuditRecord record) implements Result {
    }

    record Rejected(String reason) implements Result {
    }

    private EventParser() {}

    static Result parse(String value, Instant storedAt) {
        if (value == null || value.isBlank()) {
            return new Rejected("empty value");
        }
        AuditEvent e;
        try {
            e = JSON.readValue(value, AuditEvent.class);
        } catch (Exception ex) {
            return new Rejected("not a lore.audit.v1 JSON object: " + firstLine(ex.getMessage()));
        }
        if (!AuditEvent.SCHEMA.equals(e.schema())) {
            return new Rejected("schema must be " + AuditEvent.SCHEMA + ", not " + e.schema());
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(required(e.eventId(), "event_id"));
        } catch (IllegalArgumentException ex) {
            return new Rejected("event_id must be a UUID: " + ex.getMessage());
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(required(e.time(), "time")).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException | IllegalArgumentException ex) {
            return new Rejected("time must be an RFC 3339 timestamp: " + ex.getMessage());
        }
        try {
            required(e.action(), "action");
            required(e.method(), "method");
            required(e.path(), "path");
        } catch (IllegalArgumentException ex) {
            return new Rejected(ex.getMessage());
        }
        if (e.status() == null || e.status() < 100 || e.status() > 599) {
            return new Rejected("status must be an HTTP status, not " + e.status());
        }
        if (e.actor() == null || !AuditEvent.Actor.TYPES.contains(e.actor().type())) {
            return new Rejected("actor.type must be one of " + AuditEvent.Actor.TYPES);
        }
        if (e.latencyMs() != null && !Double.isFinite(e.latencyMs())) {
            return new Rejected("latency_ms must be a finite number");
        }
        JsonNode metadata = e.metadata() == null ? null : JSON.valueToTree(e.metadata());
        List<String> resources = e.resourceIds() == null ? List.of() : e.resourceIds();
        if (resources.stream().anyMatch(r -> r == null)) {
            return new Rejected("resource_ids must not hold null");
        }
        if (hasNul(e.requestId(), e.projectId(), e.actor().id(), e.actor().userId(), e.action(), e.deniedAction(),
                e.method(), e.path(), e.errorCode(), e.clientIp(), e.userAgent(), e.service())
                || resources.stream().anyMatch(EventParser::hasNul) || hasNul(metadata)) {
            return new Rejected("contains a NUL character, which PostgreSQL text cannot hold");
        }
        String project = e.projectId() == null || e.projectId().isEmpty() ? AuditEvent.NO_PROJECT : e.projectId();
        return new Parsed(new AuditRecord(project, 0, eventId, time, storedAt, e.requestId(), e.actor().type(),
                e.actor().id(), e.actor().userId(), e.action(), e.deniedAction(), List.copyOf(resources), e.method(),
                e.path(), e.status(), e.errorCode(), e.latencyMs(), e.clientIp(), e.userAgent(), e.service(), metadata,
                null, null));
    }

    private static boolean hasNul(String... values) {
        for (String v : values) {
            if (v != null && v.indexOf('\u0000') >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNul(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return hasNul(node.textValue());
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var f = it.next();
            if (hasNul(f.getKey()) || hasNul(f.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
