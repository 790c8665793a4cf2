package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants on random Markdown mixing every construct, for every strategy and a range of sizes. */
class GeneratedDocumentsTest {
    private static final TokenCounter EN = ModelTokens.counter(ModelTokens.EN);
    private static final TokenCounter ZH = ModelTokens.counter(ModelTokens.ZH);
    private static final String[] WORDS = ("retrieval index vector chunk token model embedding query ranking document "
            + "paragraph sentence e.g. Dr. 3.14 unaffable naïve café résumé über straße 😀 👩‍💻 🇫🇷 𠀀").split(" ");
    private static final String[] ZH_SENTENCES = {"向量检索需要合适的切分。", "每个片段都不能超过模型的上限！", "表格应当保持完整吗？",
            "标题路径帮助定位内容；"};

    static String document(long seed, int blocks) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            switch (random.nextInt(8)) {
                case 0 -> sb.append("#".repeat(1 + random.nextInt(4))).append(' ').append(words(random, 3)).append('\n');
                case 1 -> {
                    sb.append("| a | b | c |\n|---|:-:|---|\n");
                    for (int r = 1 + random.nextInt(random.nextBoolean() ? 4 : 40); r > 0; r--) {
                        sb.append("| ").append(words(random, 2)).append(" | ").append(r).append(" | ")
                                .append(words(random, 1 + random.nextInt(6))).append(" |\n");
                    }
                }
                case 2 -> sb.append("```\n# not a heading ").append(words(random, 5)).append("\n```\n");
                case 3 -> {
                    for (int i = 1 + random.nextInt(5); i > 0; i--) {
                        sb.append("- ").append(words(random, 4 + random.nextInt(8))).append('\n');
                    }
                }
                case 4 -> {
                    for (int i = random.nextInt(12); i >= 0; i--) {
                        sb.append(ZH_SENTENCES[random.nextInt(ZH_SENTENCES.length)]);
                    }
                }
                case 5 -> sb.append(words(random, 200 + random.nextInt(400))); // one huge sentence
                default -> {
                    for (int i = random.nextInt(10); i >= 0; i--) {
                        String sentence = words(random, 3 + random.nextInt(25));
                        sb.append(Character.toUpperCase(sentence.charAt(0))).append(sentence.substring(1))
                                .append(". ?!".charAt(random.nextInt(4))).append(' ');
                    }
                }
            }
            sb.append(random.nextInt(3) == 0 ? "\n" : "\n\n");
        }
        return sb.toString();
    }

    private static String words(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    @Test
    void everyStrategyKeepsTheInvariantsOnGeneratedDocuments() {
        SentenceEmbedder byLength = sentences -> sentences.stream()
                .map(s -> s.length() % 3 == 0 ? new float[] {1, 0} : new float[] {0.6f, 0.8f}).toList();
        for (long seed = 1; seed <= 2; seed++) {
            String doc = document(seed, 40);
            for (TokenCounter counter : List.of(EN, ZH)) {
                Chunker chunker = new Chunker(counter, byLength);
                for (ChunkStrategy strategy : ChunkStrategy.values()) {
                    for (int[] sizes : counter == EN ? new int[][] {{16, 4}, {100, 30}, {800, 100}} : new int[][] {{40, 10}}) {
                        ChunkingResult result = chunker.chunk(doc, List.of(0, doc.length() / 2),
                                new ChunkingOptions(strategy, sizes[0], sizes[1], 0.7));
                        String where = "seed " + seed + " " + strategy + " " + sizes[0];
                        assertTrue(result.chunks().size() > 3, where);
                        try {
                            Invariants.check(doc, result, counter);
                            Invariants.checkCoverage(doc, result, strategy == ChunkStrategy.MARKDOWN);
                        } catch (AssertionError e) {
                            throw new AssertionError(where + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
        }
    }
}
