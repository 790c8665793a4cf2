package dev.lore.llm.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RerankersTest {
    private static final RerankerSettings BGE =
            RerankerSettings.of("BGE-Rerank", RerankApi.TEI, "http://tei:8080", null, null);
    private static final RerankerSettings JINA = RerankerSettings.of("Jina-reranker-v2-base-multilingual",
            RerankApi.JINA, "https://api.jina.ai/v1/rerank", "jina-reranker-v2-base-multilingual", "jina_key");

    @Test
    void findsByNameIgnoringCase() {
        Rerankers rerankers = Rerankers.over(List.of(BGE, JINA));

        Reranker found = rerankers.find("bge-rerank").orElseThrow();

        assertEquals("BGE-Rerank", found.name());
        assertInstanceOf(HttpReranker.class, found);
        assertEquals("Jina-reranker-v2-base-multilingual",
                rerankers.find("JINA-RERANKER-V2-BASE-MULTILINGUAL").orElseThrow().name());
    }

    @Test
    void unknownNamesAreEmpty() {
        Rerankers rerankers = Rerankers.over(List.of(BGE));

        assertEquals(Optional.empty(), rerankers.find("Cohere"));
        assertEquals(Optional.empty(), rerankers.find(null));
    }

    @Test
    void namesKeepConfiguredSpellingAndOrder() {
        assertEquals(List.of("BGE-Rerank", "Jina-reranker-v2-base-multilingual"),
                List.copyOf(Rerankers.over(List.of(BGE, JINA)).names()));
    }

    @Test
    void namesThatDifferOnlyInCaseAreRejected() {
        RerankerSettings shouting = RerankerSettings.of("BGE-RERANK", RerankApi.TEI, "http://other:8080", null, null);

        assertThrows(IllegalArgumentException.class, () -> Rerankers.over(List.of(BGE, shouting)));
    }

    @Test
    void defaultsFitWhatServersAcceptOutOfTheBox() {
        assertEquals(RerankerSettings.TEI_DEFAULT_MAX_DOCUMENTS, BGE.maxDocuments());
        assertEquals(RerankerSettings.DEFAULT_MAX_DOCUMENTS, JINA.maxDocuments());
        assertEquals(RerankerSettings.DEFAULT_TIMEOUT, JINA.timeout());
        assertEquals(Duration.ofSeconds(2), JINA.withTimeout(Duration.ofSeconds(2)).timeout());
    }

    @Test
    void jinaAndCohereNeedAModel() {
        assertThrows(IllegalArgumentException.class,
                () -> RerankerSettings.of("Jina", RerankApi.JINA, "https://api.jina.ai/v1/rerank", " ", "key"));
        assertThrows(IllegalArgumentException.class,
                () -> RerankerSettings.of("Cohere", RerankApi.COHERE, "https://api.cohere.com/v2/rerank", null, "key"));
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RerankerSettings.of(" ", RerankApi.TEI, "http://tei", null, null));
        assertThrows(IllegalArgumentException.class, () -> RerankerSettings.of("x", RerankApi.TEI, "tei:8080", null, null));
        assertThrows(IllegalArgumentException.class, () -> BGE.withMaxDocuments(0));
        assertThrows(IllegalArgumentException.class, () -> BGE.withTimeout(Duration.ZERO));
    }

    @Test
    void blankKeyMeansNoKeyAndKeysStayOutOfToString() {
        assertNull(RerankerSettings.of("x", RerankApi.TEI, "http://tei", null, "").apiKey());
        assertTrue(JINA.toString().contains("apiKey=***"), JINA.toString());
        assertTrue(!JINA.toString().contains("jina_key"), JINA.toString());
    }
}
