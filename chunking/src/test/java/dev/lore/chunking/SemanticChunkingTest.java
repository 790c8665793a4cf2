package dev.lore.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticChunkingTest {
    private static final TokenCounter EN = ModelTokens.counter(ModelTokens.EN);

    /** Unit vectors by topic: sentences about cats, rockets or anything else are orthogonal. */
    static final class TopicEmbedder implements SentenceEmbedder {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<float[]> embed(List<String> sentences) {
            batchSizes.add(sentences.size());
            return sentences.stream().map(s -> s.contains("cat") ? new float[] {1, 0, 0}
                    : s.contains("rocket") ? new float[] {0, 1, 0} : new float[] {0, 0, 1}).toList();
        }
    }

    private static ChunkingResult chunk(SentenceEmbedder embedder, String text, int size, double threshold) {
        ChunkingResult result = new Chunker(EN, embedder).chunk(text, List.of(),
                new ChunkingOptions(ChunkStrategy.SEMANTIC, size, 0, threshold));
        Invariants.check(text, result, EN);
        Invariants.checkCoverage(text, result, false);
        return result;
    }

    @Test
    void startsANewChunkWhereTheTopicChanges() {
        String text = "My cat sleeps. The cat purrs. A cat hunts at night. The rocket launched. Its rocket engine roared.\n\n"
                + "The rocket reached orbit. Back home the cat was still asleep. The cat woke up.";
        List<String> contents = ModelTokens.contents(chunk(new TopicEmbedder(), text, 256, 0.5));
        assertEquals(List.of("My cat sleeps. The cat purrs. A cat hunts at night.",
                "The rocket launched. Its rocket engine roared.\n\nThe rocket reached orbit.",
                "Back home the cat was still asleep. The cat woke up."), contents);
    }

    @Test
    void embedsInBatchesAndKeepsLargeTopicsWithinTheSize() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            sb.append("The cat number ").append(i).append(" sat on the mat. ");
        }
        String text = sb.toString();
        TopicEmbedder embedder = new TopicEmbedder();
        ChunkingResult result = chunk(embedder, text, 64, 0.5);
        assertEquals(150, embedder.batchSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(embedder.batchSizes.stream().allMatch(n -> n <= SemanticStrategy.BATCH), embedder.batchSizes.toString());
        assertTrue(result.chunks().size() >= 20, "one topic of ~1500 tokens must be split to fit 64");
        assertTrue(result.chunks().stream().allMatch(c -> c.content().endsWith("mat.")), "splits between sentences");
    }

    @Test
    void realModelSeparatesUnrelatedTopics() {
        String cats = "Cats are small domesticated carnivores that people keep as pets. "
                + "A cat sleeps for most of the day and hunts mice at night. "
                + "Kittens learn to groom themselves from their mother cat. Many cats purr when they are content and relaxed.";
        String rockets = "The rocket engine burns liquid oxygen and kerosene to produce thrust. "
                + "Orbital launch vehicles use multiple stages to reach space. "
                + "The booster returned to the landing pad after separating from the second stage. "
                + "Engineers test rocket nozzles under extreme heat and pressure.";
        SentenceEmbedder model = ModelTokens.embedder("baai/bge-small-en-v1.5-q");
        // bge-small: adjacent sentences on one topic score 0.5-0.72 here, across topics 0.44.
        assertEquals(List.of(cats, rockets), ModelTokens.contents(chunk(model, cats + " " + rockets, 256, 0.48)));
    }
}
