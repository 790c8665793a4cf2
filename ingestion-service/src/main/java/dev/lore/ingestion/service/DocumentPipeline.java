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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** Files up to this size are claimed in batches; a larger one may take seconds to parse and goes alone. */
    static final long SMALL_FILE_BYTES = 256 * 1024;
    /** How long parsed documents wait at most for their batch-mates before they are stored. */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long EXPIRED_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Semaphore work = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService workers;
    private ExecutorService parsers;

    void start(@Observes StartupEvent ev) {
        int n = config.ingestion().pipeline().workers();
        // A pool's threads start on first use: an instance without workers starts none.
        parsers = BackgroundThreads.pool("ingest-parser", Math.max(1, n));
        if (n == 0) {
            LOG.info("Document pipeline disabled (lore.ingestion.pipeline.workers=0): this instance only takes uploads");
            return;
        }
        running = true;
        workers = BackgroundThreads.pool("ingest-worker", n);
        for (int i = 0; i < n; i++) {
            workers.submit(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        work.release(Integer.MAX_VALUE / 2);
        if (workers != null) {
            workers.shutdownNow();
        }
        parsers.shutdownNow();
    }

    /** Tells the workers that a document is waiting. */
    public void wake() {
        work.release();
    }

    private void loop() {
        long idle = config.ingestion().pipeline().pollInterval().toMillis();
        long nextExpiredCheck = System.nanoTime();
        while (running) {
            try {
                // Expired claims (a crashed worker) come back alone. They are rare and wait out a
                // lease of minutes anyway, so a look every few seconds is enough.
                List<Claim> batch = List.of();
                if (System.nanoTime() - nextExpiredCheck >= 0) {
                    nextExpiredCheck = System.nanoTime() + EXPIRED_CHECK_NANOS;
                    batch = QuarkusTransaction.requiringNew()
                            .call(() -> documents.claimExpired(config.ingestion().pipeline().lease())).stream().toList();
                }
                if (batch.isEmpty()) {
                    // This look at the queue answers every wake so far: an upload's wake must not
                    // cost a claim of its own once a batch took its document (a bulk import made as
                    // many empty claims as uploads).
                    work.drainPermits();
                    batch = QuarkusTransaction.requiringNew()
                            .call(() -> documents.claimQueued(config.ingestion().pipeline().batchSize(), SMALL_FILE_BYTES));
                }
                if (batch.isEmpty()) {
                    work.tryAcquire(idle, TimeUnit.MILLISECONDS);
                } else {
                    work.release(); // more may be waiting: an idle worker takes a look too
                    process(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // An Error too (a native library that failed to load): a worker that ended here
                // would leave its claims for the lease to find, and no trace in the log.
                if (!running) {
                    return;
                }
                LOG.error("Pipeline worker error; retrying", e);
                sleepQuietly(idle);
            }
        }
    }

    /**
     * A claimed document, parsed and chunked, waiting to be stored with the rest of its batch;
     * {@code inputIds} are its chunks' model input ids (null for a remote model).
     */
    private record Parsed(Claim job, ParsedDocument document, ChunkingResult chunks, List<int[]> inputIds) {}

    /**
     * Parses and chunks a claimed batch, then stores the results together: one transaction for
     * many small files. Results held back for {@link #HOLD_NANOS} are stored before the next
     * document starts, so no document waits long for its batch-mates. Public for tests, which
     * claim by hand on an instance without workers.
     */
    public void process(List<Claim> batch) throws InterruptedException {
        List<Parsed> ready = new ArrayList<>(batch.size());
        Map<Claim, String> failed = new LinkedHashMap<>();
        long heldSince = System.nanoTime();
        for (Claim job : batch) {
            if (System.nanoTime() - heldSince > HOLD_NANOS) {
                store(ready, failed);
                ready.clear();
                failed.clear();
                heldSince = System.nanoTime();
            }
            prepare(job, ready, failed);
        }
        store(ready, failed);
    }

    /** Parses and chunks one document into {@code ready}, or records why it fails in {@code failed}. */
    private void prepare(Claim job, List<Parsed> ready, Map<Claim, String> failed) throws InterruptedException {
        int maxAttempts = config.ingestion().pipeline().maxAttempts();
        if (job.attempts() > maxAttempts) {
            failed.put(job, "Processing was abandoned after " + maxAttempts
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
                failed.put(job, "No text could be extracted from the file");
                return;
            }
            ready.add(new Parsed(job, parsed, result, embeddings.inputIds(job.model(), result.chunks())));
        } catch (ParseFailure e) {
            failed.put(job, e.getMessage());
        } catch (TimeoutException e) {
            long ms = config.ingestion().pipeline().parseTimeout().toMillis();
            failed.put(job, "Parsing took longer than " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
                    + " and was stopped");
        } catch (IllegalArgumentException e) {
            failed.put(job, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Processing document %s failed", job.id());
            failed.put(job, "Internal error while processing the document (" + e.getClass().getSimpleName() + ")");
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
     * Stores a batch's results in one transaction: for each document its chunks, their events and
     * the new status commit together, under its row lock, unless it was deleted or a newer version
     * superseded the job meanwhile. Should that transaction fail, each document is stored on its
     * own, so that one bad document fails alone.
     */
    private void store(List<Parsed> ready, Map<Claim, String> failed) {
        if (ready.isEmpty() && failed.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                ready.forEach(this::storeOne);
                failed.forEach((job, reason) -> documents.fail(job.id(), job.version(), reason));
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "Storing %d documents together failed; storing them one by one", ready.size() + failed.size());
            ready.forEach(this::storeAlone);
            failed.forEach(this::fail);
        }
    }

    private void storeAlone(Parsed p) {
        try {
            QuarkusTransaction.requiringNew().run(() -> storeOne(p));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Storing document %s failed", p.job().id());
            fail(p.job(), "Internal error while storing the document (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A first attempt has nothing to replace; a retry replaces whatever an earlier attempt of the version left. */
    private void storeOne(Parsed p) {
        Claim job = p.job();
        Optional<Document> locked = documents.lockVersion(job.id(), job.version());
        if (locked.isEmpty()) {
            return;
        }
        Document d = locked.get();
        if (job.attempts() > 1) {
            documents.deleteChunks(job.id(), job.version());
        }
        List<Chunk> rows = new ArrayList<>(p.chunks().chunks().size());
        for (dev.lore.chunking.Chunk c : p.chunks().chunks()) {
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
        documents.indexing(job.id(), job.version(), p.document().markdown().length(), p.document().pageCount(),
                rows.size(), p.chunks().effectiveChunkSize());
        d.chunksTotal = rows.size();
        events.chunksUpserted(d, job.model(), rows, p.inputIds());
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
