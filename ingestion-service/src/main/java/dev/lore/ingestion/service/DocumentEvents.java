package dev.lore.ingestion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.DocumentEvent;
import dev.lore.common.event.InputIds;
import dev.lore.common.event.Topics;
import dev.lore.common.id.Ids;
import dev.lore.ingestion.model.Chunk;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code lore.documents.v1} events into the outbox, inside the caller's transaction.
 * Callers hold the document's row lock (see DocumentRepository#lock).
 */
@ApplicationScoped
public class DocumentEvents {
    @Inject
    OutboxRepository outbox;
    @Inject
    ObjectMapper json;

    /** @param inputIds the chunks' model input ids, in order; null where the model is remote */
    public void chunksUpserted(Document doc, String embeddingModel, List<Chunk> chunks, List<int[]> inputIds) {
        DocumentEvent.DocumentInfo info = info(doc, embeddingModel);
        List<OutboxRepository.Record> records = new ArrayList<>(chunks.size());
        for (int k = 0; k < chunks.size(); k++) {
            Chunk c = chunks.get(k);
            DocumentEvent.ChunkInfo chunk = new DocumentEvent.ChunkInfo(c.ordinal,
                    Ids.chunkPointId(doc.id, c.version, c.ordinal), c.content, c.title, c.chunkType,
                    c.startOffset, c.endOffset, c.page, c.tokenCount,
                    inputIds == null ? null : InputIds.encode(inputIds.get(k)));
            records.add(record(new DocumentEvent(UUID.randomUUID(), DocumentEvent.CHUNK_UPSERTED, Instant.now(),
                    doc.projectId, doc.knowledgeBaseId, doc.id, c.version, info, chunk)));
        }
        outbox.append(records);
    }

    public void lifecycle(Document doc, String type, String embeddingModel) {
        outbox.append(List.of(record(new DocumentEvent(UUID.randomUUID(), type, Instant.now(), doc.projectId,
                doc.knowledgeBaseId, doc.id, null, info(doc, embeddingModel), null))));
    }

    public void versionRetired(Document doc, int retiredVersion) {
        outbox.append(List.of(record(new DocumentEvent(UUID.randomUUID(), DocumentEvent.VERSION_RETIRED,
                Instant.now(), doc.projectId, doc.knowledgeBaseId, doc.id, retiredVersion, null, null))));
    }

    private static DocumentEvent.DocumentInfo info(Document doc, String embeddingModel) {
        return new DocumentEvent.DocumentInfo(doc.name, doc.contentType, doc.metadata, doc.active, embeddingModel,
                doc.chunksTotal);
    }

    private OutboxRepository.Record record(DocumentEvent event) {
        try {
            return new OutboxRepository.Record(Topics.DOCUMENTS, event.documentId().toString(),
                    json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
