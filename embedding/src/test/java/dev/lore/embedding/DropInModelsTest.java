package dev.lore.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drop-in models built from the bundled bge-small-en-v1.5 files, so they must behave exactly like it. */
class DropInModelsTest {
    private static final String SENTENCE = "Lore keeps a team's knowledge searchable, even 向量 and emoji \uD83D\uDE00.";
    private static final List<String> BUNDLED = List.of(EmbeddingModels.BGE_SMALL_EN, "baai/bge-small-en-v1.5-q",
            "baai/bge-small-zh-v1.5", "sentence-transformers/all-minilm-l6-v2",
            "sentence-transformers/all-minilm-l6-v2-q");

    @TempDir
    static Path modelsDir;
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static EmbeddingModels models;

    @BeforeAll
    static void dropInModels() throws IOException {
        // Files outside <provider>/<name>/ are not models; the drop-ins hard-link them to save copying.
        Path onnx = copyResource("bge-small-en-v1.5.onnx");
        Path tokenizer = copyResource("bge-small-en-v1.5-tokenizer.json");
        Path miniLmTokenizer = copyResource("all-minilm-l6-v2-q-tokenizer.json");
        dropIn("acme/my-bge", onnx, tokenizer, "pooling=cls\n");
        dropIn("acme/my-bge-mean", onnx, tokenizer, null);
        dropIn("acme/declared", onnx, tokenizer, "dimension=384\nmax-tokens=256\nquery-instruction=query: \n");
        dropIn("acme/minilm", onnx, miniLmTokenizer, null);
        dropIn("Intfloat/Multilingual-E5-Small", onnx, tokenizer, null);
        dropIn("acme/bad id!", onnx, tokenizer, null);
        dropIn("acme/bad-pooling", onnx, tokenizer, "pooling=max\n");
        dropIn(EmbeddingModels.BGE_SMALL_EN, onnx, tokenizer, "pooling=mean\n");
        Files.createDirectories(modelsDir.resolve("acme/no-tokenizer"));
        Files.createLink(modelsDir.resolve("acme/no-tokenizer/model.onnx"), onnx);
        models = new EmbeddingModels(EXECUTOR, modelsDir);
    }

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    @Test
    void dropInsAreListedAfterTheBundledModelsById() {
        List<String> ids = models.available().stream().map(ModelSpec::id).toList();
        assertEquals(BUNDLED, ids.subList(0, BUNDLED.size()));
        assertEquals(List.of("acme/declared", "acme/minilm", "acme/my-bge", "acme/my-bge-mean",
                "intfloat/multilingual-e5-small"), ids.subList(BUNDLED.size(), ids.size()));
    }

    @Test
    void dropInSpecIsReadFromItsDirectory() {
        assertTrue(models.exists("acme/my-bge"));
        ModelSpec spec = models.spec("acme/my-bge");
        assertEquals(new ModelSource.Directory(modelsDir.resolve("acme/my-bge")), spec.source());
        assertEquals(PoolingMode.CLS, spec.pooling());
        assertEquals(512, spec.maxInputTokens(), "bge's tokenizer.json has no truncation: the default");
        assertNull(spec.queryInstruction());
        assertEquals(384, spec.dimension(), "measured on the loaded model");
    }

    @Test
    void declaredPropertiesWinOverDefaults() {
        ModelSpec spec = models.spec("acme/declared");
        assertEquals(384, spec.declaredDimension());
        assertEquals(256, spec.maxInputTokens());
        assertEquals(254, models.tokenizer("acme/declared").maxContentTokens());
        assertEquals("query: ", spec.queryInstruction());
        assertEquals(PoolingMode.MEAN, spec.pooling());
    }

    @Test
    void maxTokensDefaultsToTheTokenizersTruncation() {
        assertEquals(128, models.spec("acme/minilm").maxInputTokens());
    }

    @Test
    void idIsTheLowerCasedDirectoryPath() {
        assertTrue(models.exists("intfloat/multilingual-e5-small"));
    }

    @Test
    void brokenOrInvalidDirectoriesAreSkipped() {
        assertFalse(models.exists("acme/no-tokenizer"));
        assertFalse(models.exists("acme/bad-pooling"));
        assertTrue(models.available().stream().noneMatch(s -> s.id().contains("bad id")));
    }

    @Test
    void bundledModelWinsOverADropInOfTheSameId() {
        ModelSpec spec = models.spec(EmbeddingModels.BGE_SMALL_EN);
        assertInstanceOf(ModelSource.Bundled.class, spec.source());
        assertEquals(PoolingMode.CLS, spec.pooling());
        assertEquals(1, models.available().stream().filter(s -> s.id().equals(EmbeddingModels.BGE_SMALL_EN)).count());
    }

    @Test
    void unknownModelListsDropIns() {
        UnknownModelException e = assertThrows(UnknownModelException.class, () -> models.spec("acme/nope"));
        assertTrue(e.getMessage().contains("acme/my-bge"), e.getMessage());
    }

    @Test
    void missingModelsDirectoryLeavesTheBundledModels() {
        EmbeddingModels none = new EmbeddingModels(EXECUTOR, modelsDir.resolve("missing"));
        assertEquals(BUNDLED, none.available().stream().map(ModelSpec::id).toList());
    }

    @Test
    void tokenizerMatchesTheBundledOne() {
        TextTokenizer dropIn = models.tokenizer("acme/my-bge");
        TextTokenizer bundled = models.tokenizer(EmbeddingModels.BGE_SMALL_EN);
        assertEquals(bundled.countTokens(SENTENCE), dropIn.countTokens(SENTENCE));
        assertArrayEquals(bundled.tokenEnds(SENTENCE), dropIn.tokenEnds(SENTENCE));
        assertEquals(510, dropIn.maxContentTokens());
    }

    @Test
    void embeddingMatchesTheBundledModel() {
        float[] dropIn = embed("acme/my-bge");
        float[] bundled = embed(EmbeddingModels.BGE_SMALL_EN);
        assertTrue(cosine(dropIn, bundled) > 0.9999, () -> "cosine " + cosine(dropIn, bundled));
    }

    @Test
    void poolingDefaultsToMean() {
        assertEquals(PoolingMode.MEAN, models.spec("acme/my-bge-mean").pooling());
        float[] mean = embed("acme/my-bge-mean");
        assertEquals(384, mean.length);
        assertEquals(1.0, dot(mean, mean), 1e-3, "unit length");
        assertTrue(cosine(mean, embed("acme/my-bge")) < 0.9999, "mean pooling differs from CLS");
    }

    private static float[] embed(String id) {
        return models.model(id).embedTexts(List.of(SENTENCE)).getFirst();
    }

    private static Path copyResource(String name) throws IOException {
        Path target = modelsDir.resolve(name);
        try (InputStream in = EmbeddingModels.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static void dropIn(String id, Path onnx, Path tokenizer, String properties) throws IOException {
        Path dir = Files.createDirectories(modelsDir.resolve(id));
        Files.createLink(dir.resolve("model.onnx"), onnx);
        Files.createLink(dir.resolve("tokenizer.json"), tokenizer);
        if (properties != null) {
            Files.writeString(dir.resolve("lore-model.properties"), properties);
        }
    }

    private static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
