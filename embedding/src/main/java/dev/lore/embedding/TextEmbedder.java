package dev.lore.embedding;

import java.util.List;

/** An embedding model as Lore uses it: in-process ({@link LocalEmbeddingModel}) or remote ({@link RemoteEmbeddingModel}). */
public interface TextEmbedder {

    ModelSpec spec();

    /** Unit-length vectors for the texts, in order. */
    List<float[]> embedTexts(List<String> texts);
}
