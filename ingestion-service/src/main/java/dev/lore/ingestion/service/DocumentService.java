package dev.lore.ingestion.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.chunking.ChunkingOptions;
import dev.lore.common.error.LoreException;
import dev.lore.common.event.DocumentEvent;
import dev.lore.ingestion.config.IngestionConfig;
import dev.lore.ingestion.model.ChunkingColumns;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.model.DocumentStatus;
import dev.lore.ingestion.repository.ChunkRepository;
import dev.lore.ingestion.repository.DocumentRepository;
import dev.lore.ingestion.repository.KnowledgeBaseRepository;
import dev.lore.ingestion.repository.PipelineRepository;
import dev.lore.parsing.DocumentParser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Documents: upload, lifecycle and reads. Parsing and chunking run in {@link DocumentPipeline}. */
@ApplicationScoped
public class DocumentService {
    private static final Logger LOG = Logger.getLogger(DocumentService.class);

    @Inject
    DocumentRepository documents;
    @Inject
    PipelineRepository queue;
    @Inject
    ChunkRepository chunks;
    @Inject
    KnowledgeBaseRepository kbs;
    @Inject
    KnowledgeBaseService knowledgeBases;
    @Inject
    DocumentEvents events;
    @Inject
    DocumentParser parser;
    @Inject
    BlobStore blobs;
    @Inject
    DocumentPipeline pipeline;
    @Inject
    IngestionConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    TransactionSynchronizationRegistry tx;

    /**
     * Validates an upload, stores its bytes and records the document as queued. Every check runs
     * before anything is written, and a failure while writing removes what was written: a failed
     * upload leaves nothing behind.
     */
    public Document upload(String projectId, UploadRequest req) {
        Map<String, Object> metadata = parseMetadata(req.metadata());
        PipelineRepository.UploadTarget kb = knowledgeBases.uploadTarget(projectId, req.knowledgeBaseId() == null
                || req.knowledgeBaseId().isBlank() ? null : parseId(req.knowledgeBaseId(), "knowledge_base_id"));
        ChunkingOptions chunking = ChunkingSettings.resolve(req.chunkStrategy(), req.chunkSize(), req.chunkOverlap(),
                req.chunkSemanticThreshold(), kb.chunking());
        if (req.file() == null) {
            throw LoreException.badRequest("A file is required (multipart field 'file')", "file");
        }
        if (req.size() == 0) {
            throw new LoreException(422, "empty_file", "The file is empty", "file");
        }
        long limit = config.ingestion().maxUploadSize().asLongValue();
        if (req.size() > limit) {
            throw tooLarge(limit);
        }
        String mediaType = detect(req.file(), req.fileName());
        if (!parser.supports(mediaType)) {
            throw new LoreException(415, "unsupported_media_type", "Files of type " + mediaType
                    + " are not supported; supported formats: " + parser.supportedFormats(), "file");
        }

        UUID id = UUID.randomUUID();
        try {
            String hash = blobs.storeOriginal(id, req.file());
            Document doc = new Document();
            doc.id = id;
            doc.projectId = projectId;
            doc.knowledgeBaseId = kb.id();
            doc.name = req.fileName();
            doc.contentType = mediaType;
            doc.sizeBytes = req.size();
            doc.contentHash = hash;
            doc.status = DocumentStatus.QUEUED;
            doc.active = true;
            doc.version = 1;
            doc.chunking = ChunkingColumns.of(chunking);
            doc.metadata = metadata;
            doc.createdAt = Instant.now();
            doc.updatedAt = doc.createdAt;
            // One INSERT, atomic on its own: it needs no JTA transaction around it.
            queue.enqueue(doc);
            pipeline.wake();
            return doc;
        } catch (RuntimeException e) {
            blobs.delete(id);
            throw e;
        }
    }

    public static LoreException tooLarge(long limit) {
        return new LoreException(413, "file_too_large",
                "The file is larger than the upload limit of " + (limit / (1024 * 1024)) + " MB", "file");
    }

    public Document get(String projectId, UUID id) {
        return documents.findInProject(projectId, id).orElseThrow(() -> LoreException.notFound("document", id.toString()));
    }

    /** Deletes the document, its chunks and its files, and announces the deletion to the index. */
    @Transactional
    public void delete(String projectId, UUID id) {
        Document doc = lock(projectId, id);
        events.lifecycle(doc, DocumentEvent.DOCUMENT_DELETED, modelOf(doc));
        documents.delete(doc);
        // The files go once the rows are gone for good; a crash in between leaves only orphan files.
        tx.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    blobs.delete(id);
                }
            }
        });
    }

    @Transactional
    public Document setActive(String projectId, UUID id, boolean active) {
        Document doc = lock(projectId, id);
        if (doc.active != active) {
            doc.active = active;
            doc.updatedAt = Instant.now();
            events.lifecycle(doc, active ? DocumentEvent.DOCUMENT_ACTIVATED : DocumentEvent.DOCUMENT_DEACTIVATED,
                    modelOf(doc));
        }
        return doc;
    }

    /**
     * Builds a new version from the stored original with the given chunking (the current one when
     * null). Readers keep the indexed version until the new one is fully indexed.
     */
    public Document rebuild(String projectId, UUID id, String strategy, Integer size, Integer overlap,
                            Double threshold) {
        Document doc = QuarkusTransaction.requiringNew().call(() -> {
            Document d = lock(projectId, id);
            d.chunking = ChunkingColumns.of(ChunkingSettings.resolve(strategy, size, overlap, threshold,
                    d.chunking.toOptions()));
            d.version++;
            d.status = DocumentStatus.QUEUED;
            d.error = null;
            d.chunksTotal = 0;
            d.chunksIndexed = 0;
            d.attempts = 0;
            d.claimedAt = null;
            d.updatedAt = Instant.now();
            return d;
        });
        pipeline.wake();
        return doc;
    }

    public Path original(Document doc) {
        return existing(blobs.original(doc.id), doc);
    }

    /** The Markdown of the newest version parsed so far. */
    public Path markdown(Document doc) {
        for (Integer v : new Integer[] {doc.version, doc.indexedVersion}) {
            if (v != null && Files.exists(blobs.markdown(doc.id, v))) {
                return blobs.markdown(doc.id, v);
            }
        }
        throw new LoreException(409, "document_not_parsed",
                "The document has no Markdown yet (status: " + doc.status.id() + ")");
    }

    /** The version whose chunks a reader sees: the newest one that has chunks. */
    public int chunkVersion(Document doc) {
        if (chunks.countOf(doc.id, doc.version) > 0 || doc.indexedVersion == null) {
            return doc.version;
        }
        return doc.indexedVersion;
    }

    public String modelOf(Document doc) {
        return kbs.findByIdOptional(doc.knowledgeBaseId).map(kb -> kb.embeddingModel)
                .orElse(config.ingestion().defaults().embeddingModel());
    }

    private Document lock(String projectId, UUID id) {
        return documents.lockInProject(projectId, id).orElseThrow(() -> LoreException.notFound("document", id.toString()));
    }

    private Path existing(Path p, Document doc) {
        if (!Files.exists(p)) {
            LOG.errorf("Stored file %s of document %s is missing", p, doc.id);
            throw new LoreException(500, "blob_missing", "The stored file of this document is missing");
        }
        return p;
    }

    private String detect(Path file, String name) {
        try {
            return parser.detect(file, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> parseMetadata(String raw) {
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = json.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new LoreException(400, "invalid_metadata", "metadata must be a JSON object", "metadata");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.convertValue(node, Map.class);
            return map;
        } catch (JsonProcessingException e) {
            throw new LoreException(400, "invalid_metadata", "metadata is not valid JSON: " + e.getOriginalMessage(),
                    "metadata");
        }
    }

    static UUID parseId(String raw, String param) {
        try {
            return UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            throw LoreException.badRequest(param + " is not a valid id: " + raw, param);
        }
    }
}
