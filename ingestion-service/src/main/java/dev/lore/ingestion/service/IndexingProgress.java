package dev.lore.ingestion.service;

import dev.lore.common.event.IndexStatusEvent;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import dev.lore.ingestion.repository.ChunkRepository;
import dev.lore.ingestion.repository.DocumentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applies the index's acknowledgements: counts indexed chunks, makes a fully indexed version the
 * one readers get, and retires the version it replaces. Redelivered acknowledgements change
 * nothing; acknowledgements of a superseded version are ignored.
 */
@ApplicationScoped
public class IndexingProgress {
    @Inject
    DocumentRepository documents;
    @Inject
    ChunkRepository chunks;
    @Inject
    DocumentEvents events;
    @Inject
    BlobStore blobs;

    @Transactional
    public void indexed(IndexStatusEvent e) {
        Optional<Document> found = documents.lock(e.documentId());
        if (found.isEmpty() || found.get().version != e.version()) {
            return;
        }
        Document doc = found.get();
        long indexed = chunks.markIndexed(doc.id, doc.version, e.ordinals() == null ? List.of() : e.ordinals());
        doc.chunksIndexed = (int) indexed;
        doc.updatedAt = Instant.now();
        if (doc.status == DocumentStatus.INDEXING && doc.chunksTotal > 0 && indexed >= doc.chunksTotal) {
            doc.status = DocumentStatus.READY;
            doc.indexedVersion = doc.version;
            if (doc.version > 1) {
                // One event retires every older version, including any that never became ready
                // but may have left points behind.
                events.versionRetired(doc, doc.version - 1);
                chunks.deleteOlderThan(doc.id, doc.version);
                blobs.deleteMarkdownBefore(doc.id, doc.version);
            }
        }
    }

    @Transactional
    public void failed(IndexStatusEvent e) {
        Optional<Document> found = documents.lock(e.documentId());
        if (found.isEmpty() || found.get().version != e.version() || found.get().status != DocumentStatus.INDEXING) {
            return;
        }
        Document doc = found.get();
        doc.status = DocumentStatus.FAILED;
        doc.error = "Indexing failed: " + (e.error() == null ? "no reason given" : e.error());
        doc.updatedAt = Instant.now();
    }
}
