package dev.lore.embedding;

import java.util.List;

/** An embedding model as Lore uses it: in-process ({@link LocalEmbeddingModel}) or remote ({@link RemoteEmbeddingModel}). */
public interface TextEmbedder {

    ModelSpec spec();

    /** Unit-length vectors for the texts, in order. */
    List<float[]> embedTexts(List<String> texts);

    /**
     * As {@link #embedTexts(List)}, given each text's {@link TextTokenizer#inputIds} from this same
     * model's tokenizer where known (a null entry, or a null list, means "tokenize it here").
     */
    default List<float[]> embedTexts(List<String> texts, List<int[]> inputIds) {
        return embedTexts(texts);
    }
}
