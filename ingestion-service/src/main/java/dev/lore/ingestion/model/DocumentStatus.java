package dev.lore.ingestion.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code queued → parsing → chunking → indexing → ready}, or {@code failed} with a reason. */
public enum DocumentStatus {
    QUEUED, PARSING, CHUNKING, INDEXING, READY, FAILED;

    @JsonValue
    public String id() {
        return name().toLowerCase();
    }

    public static DocumentStatus parse(String s) {
        for (DocumentStatus v : values()) {
            if (v.id().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("status must be one of queued, parsing, chunking, indexing, ready, failed");
    }
}
