package dev.lore.audit.model;

import java.util.Arrays;
import java.util.Optional;

/** The file formats of an export. */
public enum ExportFormat {
    JSON("json", "application/json"),
    JSONL("jsonl", "application/x-ndjson"),
    CSV("csv", "text/csv");

    public final String id;
    public final String contentType;

    ExportFormat(String id, String contentType) {
        this.id = id;
        this.contentType = contentType;
    }

    public static Optional<ExportFormat> of(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    public String fileName(String jobId, boolean gzip) {
        return "audit-" + jobId + "." + id + (gzip ? ".gz" : "");
    }
}
