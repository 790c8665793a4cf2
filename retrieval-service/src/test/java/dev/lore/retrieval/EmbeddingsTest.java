package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.retrieval;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.retrieval.service.Embedder;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenAI-compatible {@code POST /v1/embeddings}. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class EmbeddingsTest {
    static final String MODEL = "baai/bge-small-en-v1.5";
    static final int DIMENSION = 384;

    private final String project = Stack.newProject();

    @Inject
    Embedder embedder;

    private JsonPath embed(Map<String, Object> body) {
        return retrieval(project).body(body).post("/v1/embeddings").then().statusCode(200).extract().jsonPath();
    }

    private static float[] floats(JsonPath r, int i) {
        List<Float> v = r.getList("data[" + i + "].embedding", Float.class);
        float[] out = new float[v.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = v.get(j);
        }
        return out;
    }

    private static void assertUnit(float[] v) {
        assertEquals(DIMENSION, v.length);
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-3);
    }

    private static void assertUsage(JsonPath r) {
        int prompt = r.getInt("usage.prompt_tokens");
        assertTrue(prompt > 0, r.prettify());
        assertEquals(prompt, r.getInt("usage.total_tokens"));
    }

    @Test
    void configuredModelsArePreloadedAtStartup() {
        // %test.lore.embedding.preload names a model no test embeds with, so only the preload loads it.
        String preloaded = "sentence-transformers/all-minilm-l6-v2-q";
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> embedder.models().isLoaded(preloaded));
    }

    @Test
    void aStringInputIsOneEmbedding() {
        JsonPath r = embed(Map.of("model", MODEL, "input", "The quick brown fox jumps over the lazy dog."));
        assertEquals("list", r.getString("object"));
        assertEquals(MODEL, r.getString("model"));
        assertEquals(1, r.getList("data").size());
        assertEquals("embedding", r.getString("data[0].object"));
        assertEquals(0, r.getInt("data[0].index"));
        assertUnit(floats(r, 0));
        assertUsage(r);
    }

    @Test
    void anArrayInputIsOneEmbeddingEachInOrder() {
        List<String> texts = List.of("Cats sleep most of the day.", "Stock markets fell sharply today.",
                "Kittens nap for many hours.");
        JsonPath r = embed(Map.of("model", MODEL, "input", texts));
        assertEquals("list", r.getString("object"));
        assertEquals(MODEL, r.getString("model"));
        assertEquals(List.of(0, 1, 2), r.getList("data.index"));
        assertEquals(List.of("embedding", "embedding", "embedding"), r.getList("data.object"));
        for (int i = 0; i < 3; i++) {
            assertUnit(floats(r, i));
        }
        assertUsage(r);
        // In order: the third text is the first one's paraphrase, not the second's.
        float[] cats = floats(r, 0);
        assertTrue(dot(cats, floats(r, 2)) > dot(cats, floats(r, 1)) + 0.1);
        // Each text's vector equals its vector embedded alone; tokens add up.
        JsonPath alone = embed(Map.of("model", MODEL, "input", texts.get(1)));
        assertArrayEquals(floats(alone, 0), floats(r, 1), 1e-5f);
        JsonPath first = embed(Map.of("model", MODEL, "input", texts.get(0)));
        JsonPath third = embed(Map.of("model", MODEL, "input", texts.get(2)));
        assertEquals(first.getInt("usage.prompt_tokens") + alone.getInt("usage.prompt_tokens")
                + third.getInt("usage.prompt_tokens"), r.getInt("usage.prompt_tokens"));
    }

    @Test
    void aRemoteModelGivesTheVectorsOfTheModelItServes() {
        List<String> texts = List.of("Refunds are granted within 30 days.", "Shipping takes a week.");
        JsonPath remote = embed(Map.of("model", RemoteEmbeddingServer.MODEL_ID, "input", texts));
        JsonPath local = embed(Map.of("model", RemoteEmbeddingServer.SERVED_MODEL, "input", texts));
        assertEquals(RemoteEmbeddingServer.MODEL_ID, remote.getString("model"));
        for (int i = 0; i < texts.size(); i++) {
            assertUnit(floats(remote, i));
            assertArrayEquals(floats(local, i), floats(remote, i), 1e-5f);
        }
        // Usage counts the text in cl100k_base tokens, with no [CLS]/[SEP]: "Shipping takes a week." is 5.
        JsonPath one = embed(Map.of("model", RemoteEmbeddingServer.MODEL_ID, "input", texts.get(1)));
        assertEquals(5, one.getInt("usage.prompt_tokens"));
    }

    @Test
    void aRemoteModelThatRefusesIsA503NamingIt() {
        retrieval(project).body(Map.of("model", "remote/refused", "input", "hello")).post("/v1/embeddings")
                .then().statusCode(503)
                .body("error.code", org.hamcrest.Matchers.equalTo("embedding_model_unavailable"))
                .body("error.message", org.hamcrest.Matchers.containsString("remote/refused"))
                .body("error.message", org.hamcrest.Matchers.containsString("Incorrect API key"));
    }

    private static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void base64IsTheLittleEndianFloats() {
        String text = "Vectors can travel as base64.";
        float[] expected = floats(embed(Map.of("model", MODEL, "input", text)), 0);
        JsonPath r = embed(Map.of("model", MODEL, "input", List.of(text), "encoding_format", "base64"));
        assertEquals("embedding", r.getString("data[0].object"));
        byte[] bytes = Base64.getDecoder().decode(r.getString("data[0].embedding"));
        assertEquals(DIMENSION * 4, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            decoded[i] = b.getFloat();
        }
        assertArrayEquals(expected, decoded, 1e-6f);
        assertEquals(expected.length, embed(Map.of("model", MODEL, "input", text, "encoding_format", "float",
                "dimensions", DIMENSION)).getList("data[0].embedding").size());
    }

    @Test
    void theSameTextGivesTheSameVector() {
        String text = "Determinism matters for caching.";
        assertArrayEquals(floats(embed(Map.of("model", MODEL, "input", text)), 0),
                floats(embed(Map.of("model", MODEL, "input", text)), 0), 1e-6f);
    }

    @Test
    void anUnknownModelIs404() {
        Map<String, Object> error = Envelopes.openAi(retrieval(project)
                .body(Map.of("model", "acme/embed-nothing", "input", "hello")).post("/v1/embeddings"), 404,
                "model_not_found");
        assertEquals("not_found_error", error.get("type"));
        assertEquals("model", error.get("param"));
        assertTrue(((String) error.get("message")).contains("acme/embed-nothing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":\"\"}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":[]}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":[\"ok\",\"\"]}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":42}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":[1,2,3]}",
            "{\"model\":\"baai/bge-small-en-v1.5\"}",
            "{\"input\":\"hello\"}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":\"hello\",\"encoding_format\":\"int8\"}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":\"hello\",\"dimensions\":100}",
            "{\"model\":\"baai/bge-small-en-v1.5\",\"input\":",
    })
    void invalidRequestsAre400(String json) {
        Envelopes.openAi(retrieval(project).body(json).post("/v1/embeddings"), 400, null);
    }
}
