package dev.lore.common.event;

/** Kafka topic names; the suffix is the schema version (see docs/events.md). */
public final class Topics {
    public static final String DOCUMENTS = "lore.documents.v1";
    public static final String DOCUMENTS_DLQ = "lore.documents.v1.dlq";
    public static final String INDEX_STATUS = "lore.index-status.v1";
    public static final String INDEX_STATUS_DLQ = "lore.index-status.v1.dlq";
    public static final String AUDIT = "lore.audit.v1";
    public static final String AUDIT_DLQ = "lore.audit.v1.dlq";

    private Topics() {}
}
