package dev.lore.chunking;

import java.util.List;

/** Embeds sentences to unit-length vectors (used by the semantic strategy only). */
public interface SentenceEmbedder {
    /** One vector per sentence, in order. */
    List<float[]> embed(List<String> sentences);
}
