package dev.lore.ingestion.service;

import dev.lore.chunking.ChunkingResult;
import dev.lore.common.thread.BackgroundThreads;
import dev.lore.ingestion.config.IngestionConfig;
import dev.lore.ingestion.model.Chunk;
import dev.lore.ingestion.model.Document;
import dev.lore.ingestion.repository.PipelineRepository;
import dev.lore.ingestion.repository.PipelineRepository.Claim;
import dev.lore.parsing.DocumentParser;
import dev.lore.parsing.ParseFailure;
import dev.lore.parsing.ParsedDocument;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Parses and chunks queued documents in the background. The queue is the document table itself
 * (claimed with SKIP LOCKED and a lease), so work survives restarts and crashes, and several
 * instances share it. Parsing runs in a bounded pool with a timeout: one pathological file
 * cannot stall the rest. Both pools are background threads: uploads and reads go first.
 */
@ApplicationScoped
public class DocumentPipeline {
    private static final Logger LOG = Logger.getLogger(DocumentPipeline.class);

    @Inject
    IngestionConfig config;
    @Inject
    PipelineRepository documents;
    @Inject
    DocumentEvents events;
    @Inject
    DocumentParser parser;
    @Inject
    BlobStore blobs;
    @Inject
    Embeddings embeddings;

    /** Markdown length from which a document shows the 'chunking' status (about 0.3 s of chunking). */
    static final int CHUNKING_SHOWN_FROM = 1_000_000;

    private final Semaphore work = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService workers;
    private ExecutorService parsers;

    void start(@Observes StartupEvent ev) {
        int n = config.ingestion().pipeline().workers();
        running = true;
        workers = BackgroundThreads.pool("ingest-worker", n);
        parsers = BackgroundThreads.pool("ingest-parser", n);
        for (int i = 0; i < n; i++) {
            workers.submit(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        work.release(Integer.MAX_VALUE / 2);
        workers.shutdownNow();
        parsers.shutdownNow();
    }

    /** Tells the workers that a document is waiting. */
    public void wake() {
        work.release();
    }

    private void loop() {
        long idle = config.ingestion().pipeline().pollInterval().toMillis();
        while (running) {
            try {
                Optional<Claim> next = QuarkusTransaction.requiringNew()
                        .call(() -> documents.claimNext(config.ingestion().pipeline().lease()));
                if (next.isPresent()) {
                    process(next.get());
                } else {
                    work.tryAcquire(idle, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.error("Pipeline worker error; retrying", e);
                sleepQuietly(idle);
            }
        }
    }

    void process(Claim job) {
        int maxAttempts = config.ingestion().pipeline().maxAttempts();
        if (job.attempts() > maxAttempts) {
            fail(job, "Processing was abandoned after " + maxAttempts
                    + " attempts: the file stopped the service each time it was parsed");
            return;
        }
        try {
            ParsedDocument parsed = parse(job);
            blobs.writeMarkdown(job.id(), job.version(), parsed.markdown());
            // Chunking a document of ordinary size takes milliseconds, too short to show: it goes from
            // parsing to indexing in the transaction that stores its chunks. A large one shows
            // 'chunking' while it is split.
            if (parsed.markdown().length() >= CHUNKING_SHOWN_FROM && !QuarkusTransaction.requiringNew().call(() ->
                    documents.chunking(job.id(), job.version(), parsed.markdown().length(), parsed.pageCount()))) {
                return;
            }
            ChunkingResult result = embeddings.chunker(job.model())
                    .chunk(parsed.markdown(), parsed.pageStarts(), job.chunking());
            if (result.chunks().isEmpty()) {
                fail(job, "No text could be extracted from the file");
                return;
            }
            store(job, parsed, result);
        } catch (ParseFailure e) {
            fail(job, e.getMessage());
        } catch (TimeoutException e) {
            long ms = config.ingestion().pipeline().parseTimeout().toMillis();
            fail(job, "Parsing took longer than " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
                    + " and was stopped");
        } catch (IllegalArgumentException e) {
            fail(job, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Processing document %s failed", job.id());
            fail(job, "Internal error while processing the document (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ParsedDocument parse(Claim job) throws ParseFailure, TimeoutException, InterruptedException {
        Future<ParsedDocument> f = parsers.submit(() -> parser.parse(blobs.original(job.id()), job.name(),
                job.mediaType()));
        try {
            return f.get(config.ingestion().pipeline().parseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ParseFailure pf) {
                throw pf;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            // Interrupts a parse that overran: the parser's content handler stops at the next element.
            f.cancel(true);
        }
    }

    /**
     * Chunks, their events and the new status commit together, under the document's row lock,
     * unless it was deleted or a newer version superseded this job meanwhile. A first attempt has
     * nothing to replace; a retry replaces whatever an earlier attempt of the version left.
     */
    private void store(Claim job, ParsedDocument parsed, ChunkingResult result) {
        QuarkusTransaction.requiringNew().run(() -> {
            Optional<Document> locked = documents.lockVersion(job.id(), job.version());
            if (locked.isEmpty()) {
                return;
            }
            Document d = locked.get();
            if (job.attempts() > 1) {
                documents.deleteChunks(job.id(), job.version());
            }
            List<Chunk> rows = new ArrayList<>(result.chunks().size());
            for (dev.lore.chunking.Chunk c : result.chunks()) {
                Chunk row = new Chunk();
                row.documentId = job.id();
                row.version = job.version();
                row.ordinal = c.ordinal();
                row.projectId = d.projectId;
                row.content = c.content();
                row.title = c.title();
                row.chunkType = c.type().id();
                row.startOffset = c.startOffset();
                row.endOffset = c.endOffset();
                row.page = c.page();
                row.tokenCount = c.tokenCount();
                rows.add(row);
            }
            documents.insertChunks(rows);
            documents.indexing(job.id(), job.version(), parsed.markdown().length(), parsed.pageCount(), rows.size(),
                    result.effectiveChunkSize());
            d.chunksTotal = rows.size();
            events.chunksUpserted(d, job.model(), rows);
        });
    }

    private void fail(Claim job, String reason) {
        QuarkusTransaction.requiringNew().run(() -> documents.fail(job.id(), job.version(), reason));
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
