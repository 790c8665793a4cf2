package dev.lore.embedding;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The embedding models bundled with Lore (LangChain4j's ONNX model jars from Maven Central), by
 * public id. Tokenizers and models load lazily, once, and are shared; both are thread-safe.
 */
public final class EmbeddingModels {
    public static final String BGE_SMALL_EN = "baai/bge-small-en-v1.5";
    private static final String BGE_QUERY = "Represent this sentence for searching relevant passages: ";
    private static final String BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章：";

    private static final Map<String, ModelSpec> BUILTIN = new LinkedHashMap<>();

    static {
        add(new ModelSpec(BGE_SMALL_EN, "bge-small-en-v1.5", 384, 512, PoolingMode.CLS, BGE_QUERY));
        add(new ModelSpec("baai/bge-small-en-v1.5-q", "bge-small-en-v1.5-q", 384, 512, PoolingMode.CLS, BGE_QUERY));
        add(new ModelSpec("baai/bge-small-zh-v1.5", "bge-small-zh-v1.5", 512, 512, PoolingMode.CLS, BGE_ZH_QUERY));
        // The all-MiniLM tokenizer files cap input at 128 tokens, whatever the model could take.
        add(new ModelSpec("sentence-transformers/all-minilm-l6-v2", "all-minilm-l6-v2", 384, 128, PoolingMode.MEAN, null));
        add(new ModelSpec("sentence-transformers/all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 384, 128, PoolingMode.MEAN, null));
    }

    private static void add(ModelSpec spec) {
        BUILTIN.put(spec.id(), spec);
    }

    private final Executor executor;
    private final Map<String, TextTokenizer> tokenizers = new ConcurrentHashMap<>();
    private final Map<String, LocalEmbeddingModel> models = new ConcurrentHashMap<>();

    /** @param executor runs ONNX calls; size it to the cores this process may use */
    public EmbeddingModels(Executor executor) {
        this.executor = executor;
    }

    public List<ModelSpec> available() {
        return List.copyOf(BUILTIN.values());
    }

    public boolean exists(String id) {
        return BUILTIN.containsKey(id);
    }

    public ModelSpec spec(String id) {
        ModelSpec spec = BUILTIN.get(id);
        if (spec == null) {
            throw new UnknownModelException(id, BUILTIN.keySet());
        }
        return spec;
    }

    public TextTokenizer tokenizer(String id) {
        ModelSpec spec = spec(id);
        return tokenizers.computeIfAbsent(id, k -> new TextTokenizer(resource(spec.resource() + "-tokenizer.json"),
                spec.maxContentTokens()));
    }

    public LocalEmbeddingModel model(String id) {
        ModelSpec spec = spec(id);
        return models.computeIfAbsent(id, k -> new LocalEmbeddingModel(spec, resource(spec.resource() + ".onnx"),
                resource(spec.resource() + "-tokenizer.json"), executor));
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddingModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Model resource " + name + " is not on the classpath");
        }
        return in;
    }
}
