package dev.lore.audit.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.audit.service.AuditFilter;

/** {@code POST /v1/audit/logs/export}: the listing's filters, a {@code format}, and {@code gzip}. */
public record ExportRequest(
        @JsonProperty("start_time") String startTime,
        @JsonProperty("end_time") String endTime,
        String action,
        String actor,
        String status,
        @JsonProperty("request_id") String requestId,
        String format,
        Boolean gzip) {

    AuditFilter filter() {
        return new AuditFilter(startTime, endTime, action, actor, status, requestId);
    }
}
