package dev.lore.audit.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /v1/audit/logs}: newest first. {@code total} is exact up to the listing window
 * (10,000 by default); beyond it {@code total} is the window and {@code total_capped} is true.
 */
public record AuditLogPage(List<AuditLogView> logs, long total, int page, @JsonProperty("page_size") int pageSize,
                           @JsonProperty("total_capped") boolean totalCapped) {
}
