package dev.lore.embedding;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedding models Lore can run, by public id: those bundled with Lore (LangChain4j's ONNX
 * model jars from Maven Central) and, optionally, any ONNX sentence-embedding model a user drops
 * into a models directory, so a deployment can use a model Lore does not ship without a rebuild.
 * Tokenizers and models load lazily, once, and are shared; both are thread-safe.
 *
 * <p>A drop-in lives in {@code <modelsDir>/<provider>/<name>/} as {@code model.onnx} and
 * {@code tokenizer.json}, plus an optional UTF-8 {@code lore-model.properties}:
 * <ul>
 *   <li>{@code pooling}: {@code mean} (default) or {@code cls};
 *   <li>{@code max-tokens}: input limit, special tokens included (default: the tokenizer's
 *       {@code truncation.max_length}, else 512);
 *   <li>{@code dimension}: vector size (default: measured by loading the model when first asked);
 *   <li>{@code query-instruction}: prefix for queries, trailing space included (default: none).
 * </ul>
 * Its id is {@code <provider>/<name>} in lower case. The directory is read once, at construction:
 * a restart picks up added or changed models. A broken drop-in is skipped with a warning rather
 * than failing startup, and one named like a bundled model is refused so an id always means the
 * same vectors. LangChain4j's encoder sees at most 510 tokens at once and averages the pieces of
 * longer input, so a {@code max-tokens} above 512 makes larger chunks, not a longer context.
 */
public final class EmbeddingModels {
    public static final String BGE_SMALL_EN = "baai/bge-small-en-v1.5";
    private static final String BGE_QUERY = "Represent this sentence for searching relevant passages: ";
    private static final String BGE_ZH_QUERY = "为这个句子生成表示以用于检索相关文章：";

    private static final System.Logger LOG = System.getLogger(EmbeddingModels.class.getName());
    private static final Pattern ID = Pattern.compile("[a-z0-9._-]+/[a-z0-9._-]+");
    private static final String ONNX_FILE = "model.onnx";
    private static final String TOKENIZER_FILE = "tokenizer.json";
    private static final String PROPERTIES_FILE = "lore-model.properties";
    private static final Set<String> PROPERTY_KEYS = Set.of("pooling", "max-tokens", "dimension", "query-instruction");
    private static final int DEFAULT_MAX_TOKENS = 512;

    private static final Map<String, ModelSpec> BUILTIN = new LinkedHashMap<>();

    static {
        add(BGE_SMALL_EN, "bge-small-en-v1.5", 384, 512, PoolingMode.CLS, BGE_QUERY);
        add("baai/bge-small-en-v1.5-q", "bge-small-en-v1.5-q", 384, 512, PoolingMode.CLS, BGE_QUERY);
        add("baai/bge-small-zh-v1.5", "bge-small-zh-v1.5", 512, 512, PoolingMode.CLS, BGE_ZH_QUERY);
        // The all-MiniLM tokenizer files cap input at 128 tokens, whatever the model could take.
        add("sentence-transformers/all-minilm-l6-v2", "all-minilm-l6-v2", 384, 128, PoolingMode.MEAN, null);
        add("sentence-transformers/all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 384, 128, PoolingMode.MEAN, null);
    }

    private static void add(String id, String resource, int dimension, int maxInputTokens, PoolingMode pooling,
                            String queryInstruction) {
        BUILTIN.put(id, new ModelSpec(id, new ModelSource.Bundled(resource), dimension, null, maxInputTokens,
                pooling, queryInstruction));
    }

    private final Executor executor;
    /** Bundled first, then drop-ins by id; written only during construction. */
    private final Map<String, ModelSpec> specs = new LinkedHashMap<>(BUILTIN);
    private final Map<String, TextTokenizer> tokenizers = new ConcurrentHashMap<>();
    private final Map<String, TextEmbedder> models = new ConcurrentHashMap<>();

    /** @param executor runs ONNX calls; size it to the cores this process may use */
    public EmbeddingModels(Executor executor) {
        this.executor = executor;
    }

    /**
     * @param executor  runs ONNX calls; size it to the cores this process may use
     * @param modelsDir where users drop in models (see the class comment); read once, here
     */
    public EmbeddingModels(Executor executor, Path modelsDir) {
        this(executor);
        specs.putAll(scan(modelsDir));
    }

    /**
     * @param modelsDir drop-in models (null for none)
     * @param remotes   OpenAI-compatible endpoints to offer as models; an id taken by a bundled or
     *                  drop-in model, or not of the form {@code provider/name}, is refused
     */
    public EmbeddingModels(Executor executor, Path modelsDir, Collection<RemoteModel> remotes) {
        this(executor);
        if (modelsDir != null) {
            specs.putAll(scan(modelsDir));
        }
        for (RemoteModel remote : remotes) {
            String id = remote.id().toLowerCase(Locale.ROOT);
            if (!ID.matcher(id).matches() || specs.containsKey(id)) {
                throw new IllegalArgumentException("Remote embedding model '" + remote.id() + "': "
                        + (specs.containsKey(id) ? "the id of a bundled or drop-in model" : "not a valid id (want provider/name)"));
            }
            specs.put(id, new ModelSpec(id, new ModelSource.Remote(remote), remote.dimension(), null,
                    remote.maxTokens(), null, null));
        }
    }

    public List<ModelSpec> available() {
        return List.copyOf(specs.values());
    }

    public boolean exists(String id) {
        return specs.containsKey(id);
    }

    public ModelSpec spec(String id) {
        ModelSpec spec = specs.get(id);
        if (spec == null) {
            throw new UnknownModelException(id, specs.keySet());
        }
        return spec;
    }

    /** Whether the model has been loaded (by a first use or a preload). */
    public boolean isLoaded(String id) {
        return models.containsKey(id);
    }

    public TextTokenizer tokenizer(String id) {
        ModelSpec spec = spec(id);
        return tokenizers.computeIfAbsent(id, k -> spec.source() instanceof ModelSource.Remote
                ? new Cl100kTokenizer(spec.maxContentTokens())
                : new TokenizerJson(tokenizerJson(spec.source()), spec.maxContentTokens()));
    }

    public TextEmbedder model(String id) {
        ModelSpec spec = spec(id);
        return models.computeIfAbsent(id, k -> spec.source() instanceof ModelSource.Remote r
                ? new RemoteEmbeddingModel(spec, r.settings())
                : new LocalEmbeddingModel(spec, onnx(spec.source()), tokenizerJson(spec.source()), tokenizer(id),
                        executor));
    }

    private static InputStream onnx(ModelSource source) {
        return switch (source) {
            case ModelSource.Bundled b -> resource(b.resource() + ".onnx");
            case ModelSource.Directory d -> file(d.path().resolve(ONNX_FILE));
            case ModelSource.Remote r -> throw new IllegalArgumentException(r.settings().id() + " is remote");
        };
    }

    private static InputStream tokenizerJson(ModelSource source) {
        return switch (source) {
            case ModelSource.Bundled b -> resource(b.resource() + "-tokenizer.json");
            case ModelSource.Directory d -> file(d.path().resolve(TOKENIZER_FILE));
            case ModelSource.Remote r -> throw new IllegalArgumentException(r.settings().id() + " is remote");
        };
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddingModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Model resource " + name + " is not on the classpath");
        }
        return in;
    }

    private static InputStream file(Path path) {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model file " + path, e);
        }
    }

    /** The usable drop-ins under {@code modelsDir}, by id. */
    private Map<String, ModelSpec> scan(Path modelsDir) {
        Map<String, ModelSpec> found = new TreeMap<>();
        if (!Files.isDirectory(modelsDir)) {
            LOG.log(WARNING, "Models directory " + modelsDir + " does not exist; no drop-in embedding models");
            return found;
        }
        for (Path provider : subdirectories(modelsDir)) {
            for (Path dir : subdirectories(provider)) {
                String id = (provider.getFileName() + "/" + dir.getFileName()).toLowerCase(Locale.ROOT);
                String refusal = !ID.matcher(id).matches() ? "is not a valid model id (want [a-z0-9._-]+/[a-z0-9._-]+)"
                        : BUILTIN.containsKey(id) ? "is the id of a bundled model, which wins"
                        : found.containsKey(id) ? "differs only in case from another drop-in"
                        : !Files.isRegularFile(dir.resolve(ONNX_FILE)) ? "has no " + ONNX_FILE
                        : !Files.isRegularFile(dir.resolve(TOKENIZER_FILE)) ? "has no " + TOKENIZER_FILE
                        : null;
                if (refusal != null) {
                    LOG.log(WARNING, "Skipping embedding model directory " + dir + ": '" + id + "' " + refusal);
                    continue;
                }
                try {
                    found.put(id, dropIn(id, dir));
                    LOG.log(INFO, "Drop-in embedding model " + id + " from " + dir);
                } catch (IOException | IllegalArgumentException e) {
                    LOG.log(WARNING, "Skipping embedding model directory " + dir + ": " + e.getMessage());
                }
            }
        }
        return found;
    }

    /** Sorted, so which of two ids differing only in case wins is the same every start. */
    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(WARNING, "Cannot list " + dir + "; skipping the embedding models in it", e);
            return List.of();
        }
    }

    private ModelSpec dropIn(String id, Path dir) throws IOException {
        Properties props = new Properties();
        Path propsFile = dir.resolve(PROPERTIES_FILE);
        if (Files.exists(propsFile)) {
            try (Reader in = Files.newBufferedReader(propsFile)) {
                props.load(in);
            }
        }
        for (String key : props.stringPropertyNames()) {
            if (!PROPERTY_KEYS.contains(key)) {
                LOG.log(WARNING, "Ignoring unknown key '" + key + "' in " + propsFile + "; known: " + PROPERTY_KEYS);
            }
        }
        PoolingMode pooling = switch (props.getProperty("pooling", "mean").strip().toLowerCase(Locale.ROOT)) {
            case "mean" -> PoolingMode.MEAN;
            case "cls" -> PoolingMode.CLS;
            default -> throw new IllegalArgumentException("pooling must be mean or cls, not '"
                    + props.getProperty("pooling") + "'");
        };
        String maxTokens = props.getProperty("max-tokens");
        int maxInputTokens = maxTokens != null ? atLeast("max-tokens", maxTokens, 3)
                : truncationMaxLength(dir.resolve(TOKENIZER_FILE));
        String dimension = props.getProperty("dimension");
        Integer declared = dimension != null ? atLeast("dimension", dimension, 1) : null;
        String query = props.getProperty("query-instruction", "");
        return new ModelSpec(id, new ModelSource.Directory(dir), declared, () -> ((LocalEmbeddingModel) model(id)).dimension(),
                maxInputTokens, pooling, query.isEmpty() ? null : query);
    }

    private static int atLeast(String key, String value, int min) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least " + min + ", not '" + value + "'");
    }

    /**
     * The {@code truncation.max_length} a Hugging Face tokenizer file was exported with, which is
     * the model's input limit, or 512 if it has none. Reads only up to that field: vocabularies
     * run to megabytes and come later in the file.
     */
    private static int truncationMaxLength(Path tokenizerJson) throws IOException {
        try (JsonParser json = new JsonFactory().createParser(tokenizerJson.toFile())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(tokenizerJson + " is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("truncation")) {
                    return value == JsonToken.START_OBJECT ? maxLength(json) : DEFAULT_MAX_TOKENS;
                }
                json.skipChildren();
            }
            return DEFAULT_MAX_TOKENS;
        }
    }

    private static int maxLength(JsonParser truncation) throws IOException {
        while (truncation.nextToken() == JsonToken.FIELD_NAME) {
            String key = truncation.currentName();
            truncation.nextToken();
            if (key.equals("max_length")) {
                return truncation.getIntValue();
            }
            truncation.skipChildren();
        }
        return DEFAULT_MAX_TOKENS;
    }
}
