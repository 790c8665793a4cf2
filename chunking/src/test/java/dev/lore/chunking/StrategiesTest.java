package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    private static final TokenCounter EN = ModelTokens.counter(ModelTokens.EN);
    private static final TokenCounter FAKE = new FakeTokens();
    private static final SentenceEmbedder SAME_TOPIC = sentences -> sentences.stream().map(s -> new float[] {1, 0}).toList();

    private static ChunkingResult chunk(TokenCounter counter, String text, ChunkStrategy strategy, int size, int overlap) {
        ChunkingResult result = new Chunker(counter, SAME_TOPIC).chunk(text, List.of(),
                new ChunkingOptions(strategy, size, overlap, 0.5));
        Invariants.check(text, result, counter);
        Invariants.checkCoverage(text, result, strategy == ChunkStrategy.MARKDOWN);
        return result;
    }

    /** n fake tokens: "p0w0 p0w1 ... ." style words of one paragraph, ending in a full stop. */
    private static String paragraph(int id, int words) {
        return IntStream.range(0, words - 1).mapToObj(w -> "p" + id + "w" + w).collect(Collectors.joining(" ")) + ".";
    }

    @Test
    void recursiveMergesWholeParagraphsGreedily() {
        String text = IntStream.range(0, 5).mapToObj(p -> paragraph(p, 12)).collect(Collectors.joining("\n\n"));
        List<String> contents = ModelTokens.contents(chunk(FAKE, text, ChunkStrategy.RECURSIVE, 30, 0));
        assertEquals(List.of(paragraph(0, 12) + "\n\n" + paragraph(1, 12), paragraph(2, 12) + "\n\n" + paragraph(3, 12),
                paragraph(4, 12)), contents);
    }

    @Test
    void recursiveSplitsLongParagraphsAtSentencesThenWordsAndKeepsMergingGreedily() {
        String sentences = "One two three four five six. Seven eight nine ten eleven twelve. Thirteen fourteen fifteen.";
        String longSentence = IntStream.range(0, 40).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        String text = sentences + "\n\n" + longSentence;
        List<String> contents = ModelTokens.contents(chunk(FAKE, text, ChunkStrategy.RECURSIVE, 16, 0));
        assertEquals(List.of("One two three four five six. Seven eight nine ten eleven twelve.",
                "Thirteen fourteen fifteen.\n\nw0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11",
                "w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27",
                "w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39"), contents);
    }

    @Test
    void recursiveOverlapRepeatsAboutOverlapTokensFromASentenceOrWordStart() {
        String text = ChunkerTest.englishText(120);
        ChunkingResult result = chunk(EN, text, ChunkStrategy.RECURSIVE, 64, 16);
        List<Chunk> chunks = result.chunks();
        assertTrue(chunks.size() > 10);
        for (int i = 1; i < chunks.size(); i++) {
            Chunk previous = chunks.get(i - 1);
            Chunk next = chunks.get(i);
            assertTrue(next.startOffset() < previous.endOffset(), "no overlap before " + next);
            int shared = EN.countTokens(text.substring(next.startOffset(), previous.endOffset()));
            assertTrue(shared >= 8 && shared <= 16, shared + " tokens shared before " + next);
            assertTrue(Character.isWhitespace(text.charAt(next.startOffset() - 1)), "overlap starts mid-word: " + next);
        }
    }

    @Test
    void fixedWindowsHaveExactlyTheSizeAndOverlapInTokens() {
        String text = IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        List<String> contents = ModelTokens.contents(chunk(FAKE, text, ChunkStrategy.FIXED, 20, 5));
        assertEquals(7, contents.size());
        for (int i = 0; i < contents.size(); i++) {
            String expected = IntStream.range(15 * i, Math.min(100, 15 * i + 20)).mapToObj(w -> "w" + w)
                    .collect(Collectors.joining(" "));
            assertEquals(expected, contents.get(i));
        }
    }

    @Test
    void fixedWindowsNeverSplitSurrogatePairsOrCombiningSequences() {
        // Fake tokens make every emoji and CJK char a token, so windows end right at them.
        String text = "😀👍🏽𠀀é漢字e\u0301".repeat(60);
        ChunkingResult result = chunk(FAKE, text, ChunkStrategy.FIXED, 16, 3);
        for (Chunk c : result.chunks()) {
            assertTrue(!Character.isLowSurrogate(c.content().charAt(0)) && c.content().charAt(0) != '\u0301'
                    && c.content().codePointAt(0) != 0x1F3FD, "cut inside a grapheme before " + c);
        }
        ChunkingResult real = chunk(EN, text, ChunkStrategy.FIXED, 16, 3);
        assertTrue(real.chunks().size() > 3);
    }

    @Test
    void sentencePacksWholeSentencesWithWholeSentenceOverlap() {
        String text = "Alpha one two. Beta three four five. Gamma six seven. Delta eight nine ten. Epsilon eleven. "
                + "Zeta twelve thirteen. Eta fourteen.";
        List<String> contents = ModelTokens.contents(chunk(FAKE, text, ChunkStrategy.SENTENCE, 16, 5));
        // Sizes 4+5+4 | 4+5+3+4 | 4+3: the overlap is the last sentences that fit in 5 tokens.
        assertEquals(List.of("Alpha one two. Beta three four five. Gamma six seven.",
                "Gamma six seven. Delta eight nine ten. Epsilon eleven. Zeta twelve thirteen.",
                "Zeta twelve thirteen. Eta fourteen."), contents);
    }

    @Test
    void sentenceSplitsASentenceLongerThanTheSize() {
        String longSentence = IntStream.range(0, 30).mapToObj(i -> "W" + i).collect(Collectors.joining(" ")) + ".";
        String text = "Short one. " + longSentence + " Short two.";
        List<String> contents = ModelTokens.contents(chunk(FAKE, text, ChunkStrategy.SENTENCE, 16, 0));
        assertEquals(List.of("Short one.", "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15".toUpperCase(),
                "w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29.".toUpperCase(), "Short two."), contents);
    }

    @Test
    void markdownChunksCarryHeadingPathsAndNeverMergeSections() {
        String text = """
                # Guide
                Intro to the guide.
                ## Install
                Short install note.
                ### Linux
                ```sh
                # comment, not a heading
                apt install lore
                ```
                ## Usage
                %s
                """.formatted(ChunkerTest.englishText(30).replace("\n\n", " "));
        ChunkingResult result = chunk(EN, text, ChunkStrategy.MARKDOWN, 64, 0);
        List<Chunk> chunks = result.chunks();
        assertEquals(List.of("# Guide\nIntro to the guide.", "## Install\nShort install note.",
                "### Linux\n```sh\n# comment, not a heading\napt install lore\n```"),
                chunks.subList(0, 3).stream().map(Chunk::content).toList());
        assertEquals(List.of("Guide", "Guide > Install", "Guide > Install > Linux"),
                chunks.subList(0, 3).stream().map(Chunk::title).toList());
        List<Chunk> usage = chunks.subList(3, chunks.size());
        assertTrue(usage.size() >= 4, "a 400-token section must be split");
        assertTrue(usage.stream().allMatch(c -> c.title().equals("Guide > Usage")));
        assertTrue(usage.get(0).content().startsWith("## Usage\n"));
        assertEquals(List.of(), chunk(EN, text, ChunkStrategy.RECURSIVE, 64, 0).chunks().stream()
                .filter(c -> c.title() != null).toList(), "only the markdown strategy sets titles");
    }

    @Test
    void tablesThatFitAreOneIntactChunk() {
        String table = "| Name | Size |\n|------|-----:|\n| bge | 33M |\n| minilm | 22M |";
        String text = "Models we ship.\n\n" + table + "\nEnd of list.";
        ChunkingResult result = chunk(EN, text, ChunkStrategy.RECURSIVE, 256, 32);
        assertEquals(List.of(ChunkType.TEXT, ChunkType.TABLE, ChunkType.TEXT),
                result.chunks().stream().map(Chunk::type).toList());
        assertEquals(List.of("Models we ship.", table, "End of list."), ModelTokens.contents(result));
    }

    @Test
    void largeTablesAreSplitByRowsRepeatingTheHeader() {
        String header = "| Model | Dimension | Languages |\n|---|---|---|";
        List<String> rows = IntStream.range(0, 60).mapToObj(i -> "| model-" + i + " | " + (128 * i) + " | en, zh |").toList();
        String text = "Intro.\n\n" + header + "\n" + String.join("\n", rows) + "\n\nOutro.";
        for (ChunkStrategy strategy : ChunkStrategy.values()) {
            ChunkingResult result = chunk(EN, text, strategy, 64, 8);
            List<Chunk> tables = result.chunks().stream().filter(c -> c.type() == ChunkType.TABLE).toList();
            assertTrue(tables.size() > 3, strategy + ": " + tables.size());
            assertEquals(text.indexOf(header), tables.get(0).startOffset());
            StringBuilder allRows = new StringBuilder();
            for (Chunk piece : tables) {
                assertTrue(piece.content().startsWith(header + "\n| model-"), piece.content());
                String pieceRows = piece.content().substring(header.length() + 1);
                assertEquals(text.substring(piece.startOffset(), piece.endOffset()).replace(header + "\n", ""), pieceRows);
                allRows.append(pieceRows).append('\n');
            }
            assertEquals(String.join("\n", rows) + "\n", allRows.toString(), strategy.id());
        }
    }
}
