package dev.lore.retrieval.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.DocumentEvent;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.InputIds;
import dev.lore.embedding.ModelSpec;
import dev.lore.index.IndexPoint;
import dev.lore.index.IndexUnavailableException;
import dev.lore.index.VectorIndex;
import dev.lore.retrieval.config.RetrievalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies a batch of {@code lore.documents.v1} events to the vector index, in order, and says
 * what to acknowledge and what to dead-letter. Embedding is the expensive part, so all chunks of
 * a batch are embedded first (in parallel, one model call per model: {@link #prepare}) and the
 * index writes follow in offset order ({@link #write}). Every effect is keyed (point ids,
 * document ids), so applying a batch twice changes nothing: redelivery after a crash is safe.
 */
@ApplicationScoped
public class IndexingService {
    private static final Logger LOG = Logger.getLogger(IndexingService.class);
    private static final Duration MAX_OUTAGE_WAIT = Duration.ofSeconds(30);

    @Inject
    VectorIndex index;
    @Inject
    Embedder embedder;
    @Inject
    RetrievalConfig config;
    @Inject
    ObjectMapper json;

    /** One consumed message. */
    public record Message(String key, String value, int partition, long offset) {
    }

    /** A message that failed for good, and why. */
    public record DeadLetter(Message message, String reason, Throwable cause) {
    }

    /** What the batch produced: acknowledgements for ingestion, and messages for the DLQ. */
    public record Outcome(List<IndexStatusEvent> acks, List<DeadLetter> deadLetters) {
    }

    private record Parsed(Message message, DocumentEvent event) {
    }

    /** A batch parsed and embedded, not yet written: what {@link #write} applies. */
    public static final class Prepared {
        private final List<Parsed> events;
        private final List<DeadLetter> unreadable;
        private final Map<Parsed, float[]> vectors;
        private final Map<Parsed, String> failed;

        private Prepared(List<Parsed> events, List<DeadLetter> unreadable, Map<Parsed, float[]> vectors,
                Map<Parsed, String> failed) {
            this.events = events;
            this.unreadable = unreadable;
            this.vectors = vectors;
            this.failed = failed;
        }
    }

    /**
     * Parses and embeds a batch; touches no index, so the worker can embed the next batch while
     * the one before it is written.
     */
    public Prepared prepare(List<Message> batch) {
        List<DeadLetter> unreadable = new ArrayList<>();
        List<Parsed> events = new ArrayList<>();
        for (Message m : batch) {
            try {
                DocumentEvent e = json.readValue(m.value(), DocumentEvent.class);
                validate(e);
                events.add(new Parsed(m, e));
            } catch (Exception ex) {
                unreadable.add(new DeadLetter(m, "Unreadable event: " + ex.getMessage(), ex));
            }
        }
        Map<Parsed, String> failed = new LinkedHashMap<>();
        Map<Parsed, float[]> vectors = embed(events, failed);
        return new Prepared(events, unreadable, vectors, failed);
    }

    /** Writes a prepared batch in offset order, commits it, and says what to acknowledge and dead-letter. */
    public Outcome write(Prepared batch) {
        List<Parsed> events = batch.events;
        Map<Parsed, String> failed = batch.failed;
        writeDurably(events, batch.vectors, failed);

        List<DeadLetter> dead = new ArrayList<>(batch.unreadable);
        Acks acks = new Acks();
        for (Parsed p : events) {
            if (!DocumentEvent.CHUNK_UPSERTED.equals(p.event().type())) {
                continue;
            }
            String reason = failed.get(p);
            if (reason == null) {
                acks.indexed(p.event());
            } else {
                acks.failed(p.event(), reason);
                dead.add(new DeadLetter(p.message(), reason, null));
            }
        }
        failed.forEach((p, reason) -> {
            if (!DocumentEvent.CHUNK_UPSERTED.equals(p.event().type())) {
                dead.add(new DeadLetter(p.message(), reason, null));
            }
        });
        return new Outcome(acks.events(), dead);
    }

    private static void validate(DocumentEvent e) {
        if (e.type() == null || e.projectId() == null || e.documentId() == null) {
            throw new IllegalArgumentException("type, project_id and document_id are required");
        }
        if (DocumentEvent.CHUNK_UPSERTED.equals(e.type())) {
            if (e.chunk() == null || e.document() == null || e.version() == null || e.chunk().content() == null
                    || e.chunk().pointId() == null || e.document().embeddingModel() == null
                    || e.knowledgeBaseId() == null) {
                throw new IllegalArgumentException("chunk.upserted needs version, knowledge_base_id, document "
                        + "(with embedding_model) and chunk (with point_id and content)");
            }
        } else if (DocumentEvent.VERSION_RETIRED.equals(e.type()) && e.version() == null) {
            throw new IllegalArgumentException("document.version.retired needs version");
        }
    }

    /** Vectors of every chunk event, one parallel call per model; failures retried one by one. */
    private Map<Parsed, float[]> embed(List<Parsed> events, Map<Parsed, String> failed) {
        Map<String, List<Parsed>> byModel = new LinkedHashMap<>();
        for (Parsed p : events) {
            if (DocumentEvent.CHUNK_UPSERTED.equals(p.event().type())) {
                byModel.computeIfAbsent(p.event().document().embeddingModel(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<Parsed, float[]> vectors = new LinkedHashMap<>();
        byModel.forEach((model, chunks) -> {
            if (!embedder.models().exists(model)) {
                chunks.forEach(p -> failed.put(p, "Unknown embedding model " + model));
                return;
            }
            try {
                List<float[]> out = embedThroughOutages(model, chunks.stream().map(p -> p.event().chunk().content())
                        .toList(), chunks.stream().map(IndexingService::inputIds).toList());
                for (int i = 0; i < chunks.size(); i++) {
                    vectors.put(chunks.get(i), out.get(i));
                }
            } catch (RuntimeException e) {
                if (e instanceof ModelUnavailableException u && u.outage()) {
                    String reason = "Embedding model " + model + " stayed unavailable for "
                            + config.worker().outagePatience().toString().substring(2).toLowerCase() + ": "
                            + e.getMessage();
                    chunks.forEach(p -> failed.put(p, reason));
                    return;
                }
                LOG.warnf(e, "Embedding a batch of %d chunks with %s failed; retrying one by one", chunks.size(), model);
                for (Parsed p : chunks) {
                    embedOne(model, p, vectors, failed);
                }
            }
        });
        return vectors;
    }

    /**
     * Embeds, waiting out an outage of a remote model for up to {@code outage-patience}: a remote
     * endpoint that is down for minutes delays indexing and fails no document.
     */
    private List<float[]> embedThroughOutages(String model, List<String> texts, List<int[]> inputIds) {
        long deadline = System.nanoTime() + config.worker().outagePatience().toNanos();
        Duration wait = config.worker().backoff();
        while (true) {
            try {
                return embedder.passages(model, texts, inputIds);
            } catch (ModelUnavailableException e) {
                if (!e.outage() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.warnf("Embedding model %s is unavailable; holding %d chunks, retrying in %s: %s", model,
                        texts.size(), wait, e.getMessage());
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(MAX_OUTAGE_WAIT) > 0 ? MAX_OUTAGE_WAIT : wait.multipliedBy(2);
            }
        }
    }

    /**
     * The chunk's model input ids from the event, so the model need not tokenize it again; null
     * (tokenize the text) where the event has none or they do not decode.
     */
    private static int[] inputIds(Parsed p) {
        String encoded = p.event().chunk().inputIds();
        if (encoded == null) {
            return null;
        }
        try {
            return InputIds.decode(encoded);
        } catch (IllegalArgumentException e) {
            LOG.debugf("Chunk %s: %s; embedding its text", p.event().chunk().pointId(), e.getMessage());
            return null;
        }
    }

    /** One chunk at a time, from its text: the ids of a batch that failed are not trusted again. */
    private void embedOne(String model, Parsed p, Map<Parsed, float[]> vectors, Map<Parsed, String> failed) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= config.worker().maxAttempts(); attempt++) {
            try {
                vectors.put(p, embedder.passages(model, List.of(p.event().chunk().content()), null).get(0));
                return;
            } catch (RuntimeException e) {
                last = e;
                pause();
            }
        }
        failed.put(p, "Embedding failed after " + config.worker().maxAttempts() + " attempts: " + last.getMessage());
    }

    /**
     * Writes the batch and commits it. A failing index (disk full, Qdrant down) is retried until
     * it recovers, holding the partition: back-pressure, and nothing is acknowledged early. An
     * event the index rejects as invalid fails alone.
     */
    private void writeDurably(List<Parsed> events, Map<Parsed, float[]> vectors, Map<Parsed, String> failed) {
        while (true) {
            try {
                write(events, vectors, failed);
                index.commit();
                return;
            } catch (UncheckedIOException | IndexUnavailableException e) {
                LOG.errorf(e, "Writing %d events to the index failed; retrying", events.size());
                pause();
            }
        }
    }

    private void write(List<Parsed> events, Map<Parsed, float[]> vectors, Map<Parsed, String> failed) {
        Map<String, List<IndexPoint>> pending = new LinkedHashMap<>();
        for (Parsed p : events) {
            DocumentEvent e = p.event();
            if (failed.containsKey(p)) {
                continue;
            }
            if (DocumentEvent.CHUNK_UPSERTED.equals(e.type())) {
                pending.computeIfAbsent(e.document().embeddingModel(), k -> new ArrayList<>())
                        .add(point(e, vectors.get(p)));
                continue;
            }
            // Lifecycle changes apply after the upserts that precede them.
            flush(pending, events, failed);
            try {
                String project = e.projectId();
                String doc = e.documentId().toString();
                switch (e.type()) {
                    case DocumentEvent.DOCUMENT_ACTIVATED -> index.setActive(project, doc, true);
                    case DocumentEvent.DOCUMENT_DEACTIVATED -> index.setActive(project, doc, false);
                    case DocumentEvent.DOCUMENT_DELETED -> index.deleteDocument(project, doc);
                    case DocumentEvent.VERSION_RETIRED -> index.retireVersions(project, doc, e.version());
                    default -> LOG.debugf("Ignoring event type %s", e.type());
                }
            } catch (IllegalArgumentException ex) {
                failed.put(p, "The index rejected the event: " + ex.getMessage());
            }
        }
        flush(pending, events, failed);
    }

    private void flush(Map<String, List<IndexPoint>> pending, List<Parsed> events, Map<Parsed, String> failed) {
        pending.forEach((model, points) -> {
            ModelSpec spec = embedder.spec(model);
            index.ensureCollection(model, spec.dimension());
            try {
                index.upsert(model, points);
            } catch (IllegalArgumentException ex) {
                // Rare (a drop-in model changed dimension): fail these chunks, keep the rest.
                for (Parsed p : events) {
                    if (DocumentEvent.CHUNK_UPSERTED.equals(p.event().type())
                            && model.equals(p.event().document().embeddingModel())) {
                        failed.putIfAbsent(p, "The index rejected the chunk: " + ex.getMessage());
                    }
                }
            }
        });
        pending.clear();
    }

    /**
     * A chunk's point. The first version serves at once; a later version is built beside the one
     * serving and stays hidden until {@code document.version.retired} promotes it.
     */
    private static IndexPoint point(DocumentEvent e, float[] vector) {
        DocumentEvent.ChunkInfo c = e.chunk();
        DocumentEvent.DocumentInfo d = e.document();
        long at = e.occurredAt() == null ? Instant.now().toEpochMilli() : e.occurredAt().toEpochMilli();
        return new IndexPoint(c.pointId().toString(), e.projectId(), e.knowledgeBaseId().toString(),
                e.documentId().toString(), e.version(), c.ordinal(), d.name(), c.content(), c.title(),
                c.chunkType() == null ? "text" : c.chunkType(), c.page(), d.metadata(), d.active(), e.version() == 1,
                at, vector);
    }

    private void pause() {
        sleep(config.worker().backoff());
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Acknowledgements grouped per document version: one message for many chunks. */
    private static final class Acks {
        private final Map<String, IndexStatusEvent> events = new LinkedHashMap<>();

        void indexed(DocumentEvent e) {
            add(e, IndexStatusEvent.CHUNKS_INDEXED, null);
        }

        void failed(DocumentEvent e, String reason) {
            add(e, IndexStatusEvent.CHUNKS_FAILED, reason);
        }

        private void add(DocumentEvent e, String type, String error) {
            String key = type + "/" + e.documentId() + "/" + e.version() + "/" + (error == null ? "" : error);
            events.computeIfAbsent(key, k -> new IndexStatusEvent(UUID.randomUUID(), type, Instant.now(),
                    e.projectId(), e.documentId(), e.version(), new ArrayList<>(), error))
                    .ordinals().add(e.chunk().ordinal());
        }

        List<IndexStatusEvent> events() {
            return List.copyOf(events.values());
        }
    }
}
