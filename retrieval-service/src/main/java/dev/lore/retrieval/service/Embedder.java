package dev.lore.retrieval.service;

import dev.lore.common.error.LoreException;
import dev.lore.common.thread.BackgroundThreads;
import dev.lore.embedding.EmbeddingModels;
import dev.lore.embedding.ModelSpec;
import dev.lore.embedding.RemoteEmbeddingConfig;
import dev.lore.embedding.RemoteEmbeddingException;
import dev.lore.embedding.TextEmbedder;
import dev.lore.embedding.UnknownModelException;
import dev.lore.index.VectorIndex;
import dev.lore.retrieval.config.RetrievalConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * The in-process embedding models, by public id, for chunks (the worker), queries (search) and
 * {@code /v1/embeddings}. One ONNX thread per core: ONNX's own threading oversubscribes small
 * machines. Batches run niced ({@link BackgroundThreads}); a query embeds on its request's thread.
 */
@ApplicationScoped
public class Embedder {
    private static final Logger LOG = Logger.getLogger(Embedder.class);

    private final RetrievalConfig config;
    private final ExecutorService onnx;
    private final EmbeddingModels models;

    @Inject
    public Embedder(RetrievalConfig config, RemoteEmbeddingConfig remote) {
        this.config = config;
        this.onnx = BackgroundThreads.pool("onnx", config.embedding().threads());
        this.models = new EmbeddingModels(onnx, config.embedding().modelsDir().orElse(null), remote.models());
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

    public TextEmbedder model(String modelId) {
        spec(modelId);
        return models.model(modelId);
    }

    /**
     * Unit vectors of passages (chunks), in order, computed in parallel; from the model input ids
     * the ingestion service already produced where given (null entries, or a null list: tokenized here).
     */
    public List<float[]> passages(String modelId, List<String> texts, List<int[]> inputIds) {
        return embed(modelId, texts, inputIds);
    }

    /** The vector of a search query, with the model's query instruction where configured. */
    public float[] query(String modelId, String text) {
        ModelSpec spec = spec(modelId);
        boolean instruct = config.embedding().queryInstruction().getOrDefault(modelId, false)
                && spec.queryInstruction() != null;
        return embed(modelId, List.of(instruct ? spec.queryInstruction() + text : text), null).get(0);
    }

    /** A remote model that fails is a 503 naming it, in whichever surface asked. */
    private List<float[]> embed(String modelId, List<String> texts, List<int[]> inputIds) {
        try {
            return model(modelId).embedTexts(texts, inputIds);
        } catch (RemoteEmbeddingException e) {
            throw new ModelUnavailableException(e.getMessage(), e.unavailable());
        }
    }

    /** Tokens the model reads of a text (special tokens included), for usage reporting. */
    public int countTokens(String modelId, String text) {
        return models.tokenizer(modelId).countTokens(text) + spec(modelId).specialTokens();
    }

    /** Loads and runs the models worth having ready (see {@code lore.embedding.preload}) off the startup path. */
    void preload(@Observes StartupEvent start, VectorIndex index) {
        List<String> configured = config.embedding().preload().orElse(null);
        if (configured != null && configured.equals(List.of("none"))) {
            return;
        }
        Thread.ofPlatform().name("model-preload").daemon().start(() -> {
            List<String> ids = configured != null ? configured : collectionModels(index);
            for (String id : ids) {
                long t0 = System.nanoTime();
                try {
                    query(id, "warm up");
                    LOG.infof("Embedding model %s loaded in %d ms", id, (System.nanoTime() - t0) / 1_000_000);
                } catch (RuntimeException e) {
                    LOG.warnf("Could not preload embedding model %s (it loads on first use): %s", id, e.getMessage());
                }
            }
        });
    }

    /** The models the index already holds vectors of; the default model when it holds none. */
    private List<String> collectionModels(VectorIndex index) {
        try {
            List<String> ids = index.collections().stream().filter(models::exists).sorted().toList();
            return ids.isEmpty() ? List.of(EmbeddingModels.BGE_SMALL_EN) : ids;
        } catch (RuntimeException e) {
            LOG.warnf("Cannot list the index's collections (%s); preloading the default model", e.getMessage());
            return List.of(EmbeddingModels.BGE_SMALL_EN);
        }
    }

    @PreDestroy
    void stop() {
        onnx.shutdownNow();
    }
}
