package dev.lore.ingestion.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.ingestion.service.IndexingProgress;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the index's acknowledgements. A message that cannot be read or applied fails and
 * goes to {@code lore.index-status.v1.dlq} (see application.properties); the partition moves on.
 */
@ApplicationScoped
public class IndexStatusConsumer {
    @Inject
    ObjectMapper json;
    @Inject
    IndexingProgress progress;

    @Incoming("index-status")
    @Blocking
    public void onMessage(String value) throws JsonProcessingException {
        IndexStatusEvent event = json.readValue(value, IndexStatusEvent.class);
        if (event.documentId() == null || event.type() == null) {
            throw new IllegalArgumentException("index status event without document_id or type");
        }
        switch (event.type()) {
            case IndexStatusEvent.CHUNKS_INDEXED -> progress.indexed(event);
            case IndexStatusEvent.CHUNKS_FAILED -> progress.failed(event);
            default -> throw new IllegalArgumentException("unknown index status event type " + event.type());
        }
    }
}
