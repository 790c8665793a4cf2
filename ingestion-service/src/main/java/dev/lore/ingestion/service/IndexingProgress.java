package dev.lore.ingestion.service;

import dev.lore.common.event.IndexStatusEvent;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import dev.lore.ingestion.repository.ChunkRepository;
import dev.lore.ingestion.repository.PipelineRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Applies the index's acknowledgements: counts indexed chunks, makes a fully indexed version the
 * one readers get, and retires the version it replaces. Redelivered acknowledgements change
 * nothing; acknowledgements of a superseded version are ignored. A batch commits together: a bulk
 * import acknowledges thousands of documents, one transaction each would cost more than the work.
 */
@ApplicationScoped
public class IndexingProgress {
    @Inject
    PipelineRepository documents;
    @Inject
    ChunkRepository chunks;
    @Inject
    DocumentEvents events;
    @Inject
    BlobStore blobs;

    /** Applies the acknowledgements in order, in one transaction. */
    @Transactional
    public void apply(List<IndexStatusEvent> acks) {
        for (IndexStatusEvent e : acks) {
            switch (e.type()) {
                case IndexStatusEvent.CHUNKS_INDEXED -> indexed(e);
                case IndexStatusEvent.CHUNKS_FAILED -> documents.indexingFailed(e.documentId(), e.version(),
                        "Indexing failed: " + (e.error() == null ? "no reason given" : e.error()));
                default -> throw new IllegalArgumentException("unknown index status event type " + e.type());
            }
        }
    }

    private void indexed(IndexStatusEvent e) {
        Optional<Document> found = documents.lockVersion(e.documentId(), e.version());
        if (found.isEmpty()) {
            return;
        }
        Document doc = found.get();
        long indexed = documents.markIndexed(doc.id, doc.version, e.ordinals() == null ? List.of() : e.ordinals());
        boolean ready = doc.status == DocumentStatus.INDEXING && doc.chunksTotal > 0 && indexed >= doc.chunksTotal;
        documents.indexed(doc.id, doc.version, indexed, ready);
        if (ready && doc.version > 1) {
            // One event retires every older version, including any that never became ready
            // but may have left points behind.
            events.versionRetired(doc, doc.version - 1);
            chunks.deleteOlderThan(doc.id, doc.version);
            blobs.deleteMarkdownBefore(doc.id, doc.version);
        }
    }
}
