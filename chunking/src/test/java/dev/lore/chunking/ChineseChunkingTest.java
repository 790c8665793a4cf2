package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChineseChunkingTest {
    private static final TokenCounter ZH = ModelTokens.counter(ModelTokens.ZH);
    private static final String[] SENTENCES = {
            "检索增强生成把文档切分成较小的片段。", "每个片段都会被向量模型编码！", "查询时系统会找出最相似的片段？",
            "切分得太大会稀释语义；", "切分得太小又会丢失上下文。", "因此我们按照词元数量来控制片段大小。",
            "中文没有空格，所以不能按单词切分。", "“句子边界”通常由句号、问号和感叹号标出。"};

    static String article(int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            sb.append(SENTENCES[i % SENTENCES.length]);
            if (i % 7 == 6) {
                sb.append("\n\n");
            }
        }
        return sb.toString();
    }

    private static ChunkingResult chunk(String text, ChunkStrategy strategy, int size, int overlap) {
        ChunkingResult result = new Chunker(ZH, null).chunk(text, List.of(), new ChunkingOptions(strategy, size, overlap, 0.5));
        Invariants.check(text, result, ZH);
        Invariants.checkCoverage(text, result, false);
        return result;
    }

    @Test
    void chineseTextChunksAtSentenceEndsWithinTheSize() {
        String text = article(120);
        for (ChunkStrategy strategy : List.of(ChunkStrategy.RECURSIVE, ChunkStrategy.SENTENCE, ChunkStrategy.MARKDOWN)) {
            ChunkingResult result = chunk(text, strategy, 64, 0);
            assertTrue(result.chunks().size() >= 30, strategy + " gave " + result.chunks().size());
            for (Chunk c : result.chunks()) {
                assertTrue("。！？；”".indexOf(c.content().charAt(c.content().length() - 1)) >= 0,
                        strategy + " chunk does not end a sentence: " + c.content());
                assertTrue(c.tokenCount() >= 16, strategy + " chunk is needlessly small: " + c.content());
            }
            assertEquals(Invariants.withoutWhitespace(text), Invariants.withoutWhitespace(
                    result.chunks().stream().map(Chunk::content).collect(Collectors.joining())), strategy.id());
        }
    }

    @Test
    void chineseOverlapRepeatsWholeSentencesWhenItCan() {
        String text = article(60);
        for (ChunkStrategy strategy : List.of(ChunkStrategy.RECURSIVE, ChunkStrategy.SENTENCE)) {
            List<Chunk> chunks = chunk(text, strategy, 64, 20).chunks();
            int atSentence = 0;
            for (int i = 1; i < chunks.size(); i++) {
                Chunk next = chunks.get(i);
                int shared = ZH.countTokens(text.substring(next.startOffset(), Math.max(next.startOffset(),
                        chunks.get(i - 1).endOffset())));
                assertTrue(shared > 0 && shared <= 20, strategy + ": " + shared + " tokens shared before " + next);
                if ("。！？；\n".indexOf(text.charAt(next.startOffset() - 1)) >= 0) {
                    atSentence++;
                }
            }
            // Recursive may start a short overlap mid-sentence when the next piece leaves little room.
            int expected = strategy == ChunkStrategy.SENTENCE ? chunks.size() - 1 : (chunks.size() - 1) * 3 / 4;
            assertTrue(atSentence >= expected, strategy + ": only " + atSentence + " of " + (chunks.size() - 1));
        }
    }

    @Test
    void unpunctuatedChineseFallsBackToCharactersWithoutSplittingSurrogatePairs() {
        // No spaces, no sentence ends, supplementary ideographs and emoji: only token cuts are left.
        String text = "向量数据库𠀀保存嵌入𠀁用于相似度搜索😀".repeat(40);
        ChunkingResult result = chunk(text, ChunkStrategy.RECURSIVE, 32, 0);
        assertTrue(result.chunks().size() >= 20);
        List<Chunk> chunks = result.chunks();
        assertTrue(chunks.subList(0, chunks.size() - 1).stream().allMatch(c -> c.tokenCount() == 32), "windows must be full");
        assertEquals(text, result.chunks().stream().map(Chunk::content).collect(Collectors.joining()));
    }
}
