package dev.lore.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.audit.model.ExportJob;
import java.time.Instant;
import java.util.Map;

/** An export job: status, and once completed its row count, size and where to download it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExportView(
        String id,
        String status,
        String format,
        boolean gzip,
        Map<String, Object> filters,
        @JsonProperty("row_count") Long rowCount,
        @JsonProperty("size_bytes") Long sizeBytes,
        @JsonProperty("download_path") String downloadPath,
        String error,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("expires_at") Instant expiresAt) {

    public static ExportView of(ExportJob j) {
        return new ExportView(j.id.toString(), j.status, j.format, j.gzip, j.filters, j.rowCount, j.sizeBytes,
                ExportJob.COMPLETED.equals(j.status) ? "/v1/audit/exports/" + j.id + "/download" : null, j.error,
                j.createdAt, j.startedAt, j.finishedAt, j.expiresAt);
    }
}
