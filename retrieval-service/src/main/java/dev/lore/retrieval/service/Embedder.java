package dev.lore.retrieval.service;

import dev.lore.common.error.LoreException;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.LocalEmbeddingModel;
import dev.lore.embedding.ModelSpec;
import dev.lore.embedding.UnknownModelException;
import dev.lore.retrieval.config.RetrievalConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The in-process embedding models, by public id, for chunks (the worker), queries (search) and
 * {@code /v1/embeddings}. One ONNX thread per core: ONNX's own threading oversubscribes small
 * machines.
 */
@ApplicationScoped
public class Embedder {
    private final RetrievalConfig config;
    private final ExecutorService onnx;
    private final EmbeddingModels models;

    @Inject
    public Embedder(RetrievalConfig config) {
        this.config = config;
        this.onnx = Executors.newFixedThreadPool(config.embedding().threads(), r -> {
            Thread t = new Thread(r, "onnx");
            t.setDaemon(true);
            return t;
        });
        this.models = config.embedding().modelsDir()
                .map(dir -> new EmbeddingModels(onnx, dir))
                .orElseGet(() -> new EmbeddingModels(onnx));
    }

    public EmbeddingModels models() {
        return models;
    }

    /** The model's spec; an unknown id is a 400 naming the ones that exist. */
    public ModelSpec spec(String modelId) {
        try {
            return models.spec(modelId);
        } catch (UnknownModelException e) {
            throw LoreException.badRequest(e.getMessage(), "model");
        }
    }

    public LocalEmbeddingModel model(String modelId) {
        spec(modelId);
        return models.model(modelId);
    }

    /** Unit vectors of passages (chunks), in order, computed in parallel. */
    public List<float[]> passages(String modelId, List<String> texts) {
        return model(modelId).embedTexts(texts);
    }

    /** The vector of a search query, with the model's query instruction where configured. */
    public float[] query(String modelId, String text) {
        ModelSpec spec = spec(modelId);
        boolean instruct = config.embedding().queryInstruction().getOrDefault(modelId, false)
                && spec.queryInstruction() != null;
        return model(modelId).embedTexts(List.of(instruct ? spec.queryInstruction() + text : text)).get(0);
    }

    /** Tokens the model reads of a text (special tokens included), for usage reporting. */
    public int countTokens(String modelId, String text) {
        return models.tokenizer(modelId).countTokens(text) + 2;
    }

    @PreDestroy
    void stop() {
        onnx.shutdownNow();
    }
}
