package dev.lore.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class EmbeddingModelsTest {
    private final EmbeddingModels models = new EmbeddingModels(Executors.newFixedThreadPool(2));

    @Test
    void countsRealWordPieceTokensWithoutSpecialTokensOrTruncation() {
        TextTokenizer tok = models.tokenizer(EmbeddingModels.BGE_SMALL_EN);
        assertEquals(510, tok.maxContentTokens());
        assertEquals(2, tok.countTokens("hello world"));
        assertEquals(0, tok.countTokens(""));
        String longText = "word ".repeat(1000);
        assertEquals(1000, tok.countTokens(longText), "no truncation at the model limit");
    }

    @Test
    void tokenEndsPointAtCharacterBoundaries() {
        TextTokenizer tok = models.tokenizer(EmbeddingModels.BGE_SMALL_EN);
        int[] ends = tok.tokenEnds("hello world");
        assertArrayEquals(new int[] {5, 11}, ends);
    }

    @Test
    void tokenEndsAreCharOffsetsEvenAfterSupplementaryCharacters() {
        TextTokenizer tok = models.tokenizer(EmbeddingModels.BGE_SMALL_EN);
        String text = "emoji \uD83D\uDE00 x";
        int[] ends = tok.tokenEnds(text);
        assertEquals(text.length(), ends[ends.length - 1]);
    }

    @Test
    void chineseTokenizerSplitsPerCharacter() {
        TextTokenizer tok = models.tokenizer("baai/bge-small-zh-v1.5");
        assertEquals(4, tok.countTokens("向量搜尋"));
    }

    @Test
    void miniLmLimitIsItsTokenizerCap() {
        assertEquals(126, models.tokenizer("sentence-transformers/all-minilm-l6-v2").maxContentTokens());
    }

    @Test
    void unknownModelIsRefusedByName() {
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> models.spec("acme/nope"));
        assertTrue(e.getMessage().contains("acme/nope"));
    }

    @Test
    void embedsToUnitVectorsThatRankByMeaning() {
        TextEmbedder m = models.model("baai/bge-small-en-v1.5-q");
        List<float[]> v = m.embedTexts(List.of("The cat sat on the mat.", "A kitten rested on the rug.",
                "Quarterly revenue grew by ten percent."));
        assertEquals(384, v.get(0).length);
        assertEquals(1.0, dot(v.get(0), v.get(0)), 1e-3);
        assertTrue(dot(v.get(0), v.get(1)) > dot(v.get(0), v.get(2)));
    }

    @Test
    void aBatchRunsLongestFirstAndAnswersInTheCallersOrder() {
        TextEmbedder m = models.model("baai/bge-small-en-v1.5-q");
        List<String> texts = List.of("Short.", "A somewhat longer sentence about the weather in spring.",
                "Mid-length text here.", "The longest of them all, a sentence that goes on about tea, cups, saucers "
                        + "and the afternoon light.");
        List<float[]> batch = m.embedTexts(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(m.embedTexts(List.of(texts.get(i))).get(0), batch.get(i), 1e-5f, texts.get(i));
        }
    }

    /**
     * Lore's one-tokenization path (the text's ids, or ids given by the chunker's tokenizer) gives
     * the vector LangChain4j's own encoder computes from the text, for a CLS-pooled and a
     * mean-pooled model, in English, with accents, symbols and CJK, and in a batch that mixes texts
     * with and without ids. A text beyond the model's window is LangChain4j's to embed.
     */
    @Test
    void inputIdsFromTheTokenizerGiveTheVectorsOfTheText() {
        List<String> texts = List.of("The cat sat on the mat.", "Café au lait — naïve résumé, 3.5% (±0.2) [x] ##y",
                "向量搜尋 and BM25 keyword search", "word ".repeat(600));
        for (String id : List.of(EmbeddingModels.BGE_SMALL_EN, "sentence-transformers/all-minilm-l6-v2")) {
            TextEmbedder m = models.model(id);
            TextTokenizer tok = models.tokenizer(id);
            List<int[]> ids = texts.stream().map(tok::inputIds).toList();
            assertEquals(tok.countTokens(texts.get(0)) + 2, ids.get(0).length, "special tokens included");
            List<float[]> fromText = texts.stream().map(t -> ((LocalEmbeddingModel) m).embed(t).content().vector()).toList();
            assertEquals(1.0, dot(fromText.get(0), m.embedTexts(List.of(texts.get(0))).get(0)), 1e-5);
            List<float[]> fromIds = m.embedTexts(texts, ids);
            List<float[]> mixed = m.embedTexts(texts, java.util.Arrays.asList(ids.get(0), null, ids.get(2), ids.get(3)));
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(1.0, dot(fromText.get(i), fromIds.get(i)), 1e-5, id + ": " + texts.get(i));
                assertArrayEquals(fromIds.get(i), mixed.get(i), 1e-6f, id + ": " + texts.get(i));
            }
        }
        // The ids, not the text, are what the model reads when both are given.
        TextEmbedder bge = models.model(EmbeddingModels.BGE_SMALL_EN);
        int[] other = models.tokenizer(EmbeddingModels.BGE_SMALL_EN).inputIds("Quarterly revenue grew.");
        assertEquals(1.0, dot(bge.embedTexts(List.of("Quarterly revenue grew.")).get(0),
                bge.embedTexts(List.of("The cat sat on the mat."), java.util.Collections.singletonList(other)).get(0)), 1e-5);
    }

    /** The ids of a text just counted or split (the chunker's last look at it) equal a fresh tokenization's. */
    @Test
    void inputIdsOfATextJustCountedAreItsOwn() {
        for (String id : List.of(EmbeddingModels.BGE_SMALL_EN, "baai/bge-small-zh-v1.5")) {
            TextTokenizer tok = models.tokenizer(id);
            for (String text : List.of("The cat sat on the mat.", "向量搜尋 and BM25", "Café — naïve résumé")) {
                tok.countTokens("something else entirely");
                int[] fresh = tok.inputIds(text);
                tok.countTokens(text);
                assertArrayEquals(fresh, tok.inputIds(text), id + ": " + text);
                tok.tokenEnds(text);
                assertArrayEquals(fresh, tok.inputIds(text), id + ": " + text);
                assertEquals(tok.countTokens(text) + 2, fresh.length, "[CLS] text [SEP]");
                assertEquals(101, fresh[0]);
                assertEquals(102, fresh[fresh.length - 1]);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
