package dev.lore.embedding;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.function.IntSupplier;

/**
 * An embedding model Lore can run in-process. Not a record: a drop-in model need not declare its
 * dimension, and measuring it means loading the model, which should happen only if someone asks.
 */
public final class ModelSpec {
    private final String id;
    private final ModelSource source;
    private final Integer declaredDimension;
    private final IntSupplier detectDimension;
    private final int maxInputTokens;
    private final PoolingMode pooling;
    private final String queryInstruction;

    /**
     * @param declaredDimension vector size, or null to ask {@code detectDimension} when first needed
     * @param detectDimension   loads the model and measures its output; unused when declared
     */
    ModelSpec(String id, ModelSource source, Integer declaredDimension, IntSupplier detectDimension,
              int maxInputTokens, PoolingMode pooling, String queryInstruction) {
        this.id = id;
        this.source = source;
        this.declaredDimension = declaredDimension;
        this.detectDimension = detectDimension;
        this.maxInputTokens = maxInputTokens;
        this.pooling = pooling;
        this.queryInstruction = queryInstruction;
    }

    /** Public id, {@code provider/model-name}. */
    public String id() {
        return id;
    }

    public ModelSource source() {
        return source;
    }

    /** Vector size. For a drop-in that does not declare it, the first call loads the model. */
    public int dimension() {
        return declaredDimension != null ? declaredDimension : detectDimension.getAsInt();
    }

    /** The dimension if known without loading the model, else null. */
    Integer declaredDimension() {
        return declaredDimension;
    }

    /** The model's input limit, special tokens included. */
    public int maxInputTokens() {
        return maxInputTokens;
    }

    public PoolingMode pooling() {
        return pooling;
    }

    /** Prefix the model recommends for queries (null when none). */
    public String queryInstruction() {
        return queryInstruction;
    }

    /** Tokens of text a chunk may hold: the input limit, less [CLS] and [SEP] for an in-process model. */
    public int maxContentTokens() {
        return maxInputTokens - specialTokens();
    }

    /** Tokens the model adds to every input ([CLS] and [SEP] for the in-process BERT models). */
    public int specialTokens() {
        return source instanceof ModelSource.Remote ? 0 : 2;
    }
}
