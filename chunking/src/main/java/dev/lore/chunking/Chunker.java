package dev.lore.chunking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Cuts Markdown into chunks of at most a number of model tokens. Thread-safe: all state of a
 * call lives in that call; the token counter and embedder must be thread-safe themselves.
 */
public final class Chunker {
    private final TokenCounter tokens;
    private final SentenceEmbedder embedder;

    /** @param embedder may be null; then the semantic strategy is refused */
    public Chunker(TokenCounter tokens, SentenceEmbedder embedder) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.embedder = embedder;
    }

    /**
     * @param pageStarts char offset in markdown where page 1, 2, ... starts (empty list when the
     *                   format has no pages)
     */
    public ChunkingResult chunk(String markdown, List<Integer> pageStarts, ChunkingOptions options) {
        options.validate();
        if (options.strategy() == ChunkStrategy.SEMANTIC && embedder == null) {
            throw new IllegalArgumentException("semantic chunking needs an embedding model");
        }
        List<String> notes = new ArrayList<>();
        int size = options.chunkSize();
        int overlap = options.chunkOverlap();
        if (size > tokens.maxTokens()) {
            size = tokens.maxTokens();
            notes.add("chunk_size " + options.chunkSize() + " exceeds the model input limit of " + size
                    + " tokens; using " + size);
            if (overlap > size / 2) {
                overlap = size / 2;
                notes.add("chunk_overlap " + options.chunkOverlap() + " reduced to " + overlap
                        + " tokens, half the chunk size used");
            }
        }
        if (markdown == null || markdown.isBlank()) {
            return new ChunkingResult(List.of(), size, overlap, notes);
        }
        Doc doc = new Doc(markdown, TokenIndex.build(tokens, markdown));
        List<Draft> drafts = drafts(doc, options, size, overlap);
        SizeGuard guard = new SizeGuard(tokens, markdown, size, doc.tokens.wholeTextCount());
        List<SizeGuard.Measured> measured = new ArrayList<>(guard.enforce(drafts));
        // Re-splitting an overlapping chunk can put its second half after the next chunk's start.
        measured.sort(Comparator.comparingInt((SizeGuard.Measured m) -> m.draft().start())
                .thenComparingInt(m -> m.draft().end()));
        List<Chunk> chunks = new ArrayList<>(measured.size());
        for (SizeGuard.Measured m : measured) {
            Draft d = m.draft();
            chunks.add(new Chunk(chunks.size(), d.content(), d.title(), d.type(), d.start(), d.end(),
                    page(pageStarts, d.start()), m.tokens()));
        }
        return new ChunkingResult(chunks, size, overlap, notes);
    }

    private List<Draft> drafts(Doc doc, ChunkingOptions options, int size, int overlap) {
        TextStrategy strategy = switch (options.strategy()) {
            case RECURSIVE, MARKDOWN -> new RecursiveStrategy();
            case SENTENCE -> new SentenceStrategy();
            case FIXED -> new FixedStrategy();
            case SEMANTIC -> new SemanticStrategy(embedder, options.semanticThreshold());
        };
        TableSplitter tables = new TableSplitter(doc);
        List<Draft> drafts = new ArrayList<>();
        boolean byHeadings = options.strategy() == ChunkStrategy.MARKDOWN;
        for (MarkdownLayout.Region region : MarkdownLayout.regions(doc.text, byHeadings)) {
            if (region.type() == ChunkType.TABLE) {
                drafts.addAll(tables.split(region.start(), region.end(), region.title(), size));
                continue;
            }
            for (Span span : strategy.split(doc, region.start(), region.end(), size, overlap)) {
                Draft draft = Draft.of(doc.text, span.start(), span.end(), region.title(), ChunkType.TEXT);
                if (draft != null) {
                    drafts.add(draft);
                }
            }
        }
        return drafts;
    }

    /** 1-based page holding offset (the last page starting at or before it), or null without pages. */
    static Integer page(List<Integer> pageStarts, int offset) {
        if (pageStarts == null || pageStarts.isEmpty()) {
            return null;
        }
        int lo = 0;
        int hi = pageStarts.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pageStarts.get(mid) <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.max(1, lo);
    }
}
