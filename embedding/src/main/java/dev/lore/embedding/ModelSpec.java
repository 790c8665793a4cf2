package dev.lore.embedding;

import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * An embedding model Lore can run in-process.
 *
 * @param id               public id, {@code provider/model-name}
 * @param resource         base name of the {@code .onnx} and {@code -tokenizer.json} resources
 * @param dimension        vector size
 * @param maxInputTokens   the model's input limit, special tokens included
 * @param queryInstruction prefix some models recommend for queries (null when none)
 */
public record ModelSpec(String id, String resource, int dimension, int maxInputTokens, PoolingMode pooling,
                        String queryInstruction) {

    /** Tokens of text a chunk may hold: the input limit less [CLS] and [SEP]. */
    public int maxContentTokens() {
        return maxInputTokens - 2;
    }
}
