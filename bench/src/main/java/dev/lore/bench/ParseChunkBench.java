package dev.lore.bench;

import dev.lore.chunking.ChunkStrategy;
import dev.lore.chunking.Chunker;
import dev.lore.chunking.ChunkingOptions;
import dev.lore.chunking.TokenCounter;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.TextTokenizer;
import dev.lore.parsing.DocumentParser;
import dev.lore.parsing.ParsedDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parse + chunk throughput of the ingestion pipeline's CPU work (Tika to Markdown, then recursive
 * chunking measured in bge-small-en tokens), on a generated mixed corpus, with as many threads as
 * the service runs pipeline workers (2). Prints MB/s for plain text, pages/s for PDF, and the
 * whole corpus's MB/s.
 */
public final class ParseChunkBench {
    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("threads", 2);
        int rounds = Integer.getInteger("rounds", 3);
        Path dir = Files.createTempDirectory("lore-bench-corpus");
        List<Corpus.Item> corpus = new Corpus().build(dir, 8, 8, 25);
        DocumentParser parser = new DocumentParser();
        ExecutorService onnx = Executors.newFixedThreadPool(1);
        TextTokenizer tok = new EmbeddingModels(onnx).tokenizer("baai/bge-small-en-v1.5");
        Chunker chunker = new Chunker(TokenCounter.of(tok::countTokens, tok::tokenEnds, tok.maxContentTokens()), null);
        ChunkingOptions options = new ChunkingOptions(ChunkStrategy.RECURSIVE, 400, 40, 0.75);
        ExecutorService pool = Executors.newFixedThreadPool(threads);

        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB; %d threads%n", corpus.size(),
                corpus.stream().mapToLong(Corpus.Item::bytes).sum() / 1e6, threads);
        run(corpus, parser, chunker, options, pool, "warm-up");
        for (int r = 1; r <= rounds; r++) {
            run(corpus, parser, chunker, options, pool, "round " + r);
        }
        pool.shutdown();
        onnx.shutdown();
    }

    private static void run(List<Corpus.Item> corpus, DocumentParser parser, Chunker chunker, ChunkingOptions options,
                            ExecutorService pool, String label) throws Exception {
        AtomicLong chunks = new AtomicLong();
        long textBytes = 0;
        long textNanos = 0;
        int pdfPages = 0;
        long pdfNanos = 0;
        long allBytes = 0;
        long t0 = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        for (Corpus.Item item : corpus) {
            futures.add(pool.submit(() -> {
                long s = System.nanoTime();
                ParsedDocument doc = parser.parse(item.file(), item.name(), item.mediaType());
                chunks.addAndGet(chunker.chunk(doc.markdown(), doc.pageStarts(), options).chunks().size());
                return System.nanoTime() - s;
            }));
        }
        for (int i = 0; i < corpus.size(); i++) {
            long nanos = futures.get(i).get();
            Corpus.Item item = corpus.get(i);
            allBytes += item.bytes();
            if (item.mediaType().equals("text/plain")) {
                textBytes += item.bytes();
                textNanos += nanos;
            } else if (item.pages() > 0) {
                pdfPages += item.pages();
                pdfNanos += nanos;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        int threads = ((java.util.concurrent.ThreadPoolExecutor) pool).getMaximumPoolSize();
        // Per-format rates: bytes or pages over the time spent on them, times the threads working in parallel.
        System.out.printf(Locale.ROOT,
                "%-8s plain text %.1f MB/s | PDF %.0f pages/s | whole corpus %.1f MB/s in %.1f s | %d chunks%n",
                label, textBytes / 1e6 / (textNanos / 1e9) * threads, pdfPages / (pdfNanos / 1e9) * threads,
                allBytes / 1e6 / wall, wall, chunks.get());
    }
}
