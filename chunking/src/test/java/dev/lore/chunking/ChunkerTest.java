package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final TokenCounter EN = ModelTokens.counter(ModelTokens.EN);
    private static final Chunker CHUNKER = new Chunker(EN, null);

    static String englishText(int sentences) {
        String[] subjects = {"The index", "Each worker", "A retrieval query", "The embedding model", "Our parser"};
        String[] verbs = {"stores", "reads", "ranks", "splits", "returns"};
        String[] objects = {"document chunks in order", "the nearest vectors quickly", "pages with their offsets",
                "long paragraphs into sentences", "tables with their header rows"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            sb.append(subjects[i % 5]).append(' ').append(verbs[(i / 5) % 5]).append(' ').append(objects[(i / 25) % 5])
                    .append(" in step ").append(i).append('.');
            sb.append(i % 6 == 5 ? "\n\n" : " ");
        }
        return sb.toString();
    }

    @Test
    void blankInputGivesNoChunks() {
        ChunkingOptions options = new ChunkingOptions(ChunkStrategy.RECURSIVE, 256, 32, 0.5);
        assertEquals(new ChunkingResult(List.of(), 256, 32, List.of()), CHUNKER.chunk("", List.of(), options));
        assertEquals(List.of(), CHUNKER.chunk(" \n\n\t ", List.of(0), options).chunks());
    }

    @Test
    void clampsSizeAndOverlapToTheModelLimitAndSaysSo() {
        String text = englishText(400);
        ChunkingResult result = CHUNKER.chunk(text, List.of(), new ChunkingOptions(ChunkStrategy.RECURSIVE, 800, 300, 0.5));
        assertEquals(510, result.effectiveChunkSize());
        assertEquals(255, result.effectiveOverlap());
        assertEquals(List.of("chunk_size 800 exceeds the model input limit of 510 tokens; using 510",
                "chunk_overlap 300 reduced to 255 tokens, half the chunk size used"), result.notes());
        Invariants.check(text, result, EN);
        assertTrue(result.chunks().stream().anyMatch(c -> c.tokenCount() > 450), "chunks should use the clamped size");

        ChunkingResult kept = CHUNKER.chunk(text, List.of(), new ChunkingOptions(ChunkStrategy.FIXED, 600, 100, 0.5));
        assertEquals(510, kept.effectiveChunkSize());
        assertEquals(100, kept.effectiveOverlap());
        assertEquals(1, kept.notes().size());
        Invariants.check(text, kept, EN);
    }

    @Test
    void reportsOffsetsAndPages() {
        List<Integer> pageStarts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int page = 0; page < 3; page++) {
            pageStarts.add(sb.length());
            sb.append(englishText(12)).append("\n\n");
        }
        String text = sb.toString();
        ChunkingResult result = CHUNKER.chunk(text, pageStarts, new ChunkingOptions(ChunkStrategy.RECURSIVE, 40, 0, 0.5));
        Invariants.check(text, result, EN);
        Invariants.checkCoverage(text, result, false);
        for (Chunk c : result.chunks()) {
            int expected = c.startOffset() >= pageStarts.get(2) ? 3 : c.startOffset() >= pageStarts.get(1) ? 2 : 1;
            assertEquals(expected, c.page(), c.toString());
        }
        assertEquals(3, result.chunks().get(result.chunks().size() - 1).page());
        assertNull(CHUNKER.chunk(text, List.of(), new ChunkingOptions(ChunkStrategy.RECURSIVE, 40, 0, 0.5))
                .chunks().get(0).page());
    }

    @Test
    void pageLookupUsesTheLastPageStartingAtOrBeforeTheOffset() {
        List<Integer> starts = List.of(0, 100, 100, 250);
        assertEquals(1, Chunker.page(starts, 0));
        assertEquals(1, Chunker.page(starts, 99));
        assertEquals(3, Chunker.page(starts, 100)); // page 2 is empty
        assertEquals(4, Chunker.page(starts, 1000));
        assertEquals(1, Chunker.page(List.of(10), 3));
    }

    @Test
    void refusesSemanticWithoutEmbedderAndInvalidOptions() {
        var semantic = new ChunkingOptions(ChunkStrategy.SEMANTIC, 100, 0, 0.5);
        assertEquals("semantic chunking needs an embedding model",
                assertThrows(IllegalArgumentException.class, () -> CHUNKER.chunk("Hi.", List.of(), semantic)).getMessage());
        var bad = new ChunkingOptions(ChunkStrategy.RECURSIVE, 100, 100, 0.5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CHUNKER.chunk("Hi.", List.of(), bad))
                .getMessage().startsWith("chunk_overlap"));
    }

    @Test
    void resplitsChunksWhoseExactCountExceedsTheSize() {
        // A counter whose index tokens (per word) undercount whole texts: every space-joined pair
        // costs one extra token, so packed chunks come out too large and must be re-split.
        TokenCounter skewed = new TokenCounter() {
            private final FakeTokens words = new FakeTokens();

            @Override
            public int countTokens(String text) {
                return words.countTokens(text) + (int) text.chars().filter(ch -> ch == ' ').count();
            }

            @Override
            public int[] tokenEnds(String text) {
                return words.tokenEnds(text);
            }

            @Override
            public int maxTokens() {
                return 512;
            }
        };
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
                .repeat(10);
        ChunkingResult result = new Chunker(skewed, null).chunk(text, List.of(),
                new ChunkingOptions(ChunkStrategy.RECURSIVE, 32, 0, 0.5));
        Invariants.check(text, result, skewed);
        Invariants.checkCoverage(text, result, false);
        assertTrue(result.chunks().size() >= 12, "190 words at ~2 tokens each need at least 12 chunks of 32");
    }

    @Test
    void aTextThatFitsOneChunkIsTokenizedOnceAndOnlyCounted() {
        AtomicInteger counted = new AtomicInteger();
        AtomicInteger split = new AtomicInteger();
        TokenCounter counting = TokenCounter.of(text -> {
            counted.incrementAndGet();
            return EN.countTokens(text);
        }, text -> {
            split.incrementAndGet();
            return EN.tokenEnds(text);
        }, EN.maxTokens());
        Chunker chunker = new Chunker(counting, null);
        ChunkingOptions options = new ChunkingOptions(ChunkStrategy.RECURSIVE, 510, 40, 0.5);

        String whole = englishText(12).strip();
        ChunkingResult one = chunker.chunk(whole, List.of(), options);
        assertEquals(1, one.chunks().size());
        assertEquals(EN.countTokens(whole), one.chunks().get(0).tokenCount());
        assertEquals(1, counted.get(), "one count of the whole text");
        assertEquals(0, split.get(), "nothing needed where its tokens end");

        // Trimmed content is a different string: it is counted on its own, as any cut chunk is.
        String padded = "  " + whole + "\n";
        ChunkingResult trimmed = chunker.chunk(padded, List.of(), options);
        assertEquals(EN.countTokens(whole), trimmed.chunks().get(0).tokenCount());
        assertEquals(3, counted.get());
        assertEquals(0, split.get());

        // A longer text (one tokenizer window) is split at its token ends, and every chunk is counted exactly.
        String longer = englishText(200);
        counted.set(0);
        ChunkingResult many = chunker.chunk(longer, List.of(), options);
        Invariants.check(longer, many, EN);
        assertEquals(1, split.get());
        assertEquals(1 + many.chunks().size(), counted.get());
    }
}
