package dev.lore.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A value on {@code lore.index-status.v1} (key: document id): the index's acknowledgement of the
 * chunks it stored ({@code chunks.indexed}) or could not store ({@code chunks.failed}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexStatusEvent(
        @JsonProperty("event_id") UUID eventId,
        String type,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("document_id") UUID documentId,
        int version,
        List<Integer> ordinals,
        String error) {

    public static final String CHUNKS_INDEXED = "chunks.indexed";
    public static final String CHUNKS_FAILED = "chunks.failed";
}
