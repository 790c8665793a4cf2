package dev.lore.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/embeddings} as the official OpenAI Node SDK sees it, through the gateway to the
 * real retrieval service: {@code tools/openai-client} calls it with an ordinary API key and prints
 * what the SDK made of each answer. The SDK asks for base64 unless told otherwise and decodes the
 * float32 values itself, so its vectors must equal the float answer's; its error classes come from
 * the status, and {@code code}, {@code type} and {@code param} from Lore's error envelope (the
 * service's and the gateway's: a wrong key, a key without the permission).
 */
@QuarkusTest
class OpenAiSdkTest extends GatewayTest {
    private static final String MODEL = "baai/bge-small-en-v1.5";

    @Test
    void theOfficialSdkReadsEmbeddingsAndErrorsAsFromOpenAi() throws Exception {
        Path tool = NodeTool.installed("openai-client", List.of("openai"));
        String project = createProject(unique("openai-sdk"));
        String key = createKey(List.of(project), List.of("embeddings"), null);
        String readOnly = createKey(List.of(project), List.of("documents:read"), null);

        JsonNode out = run(tool, "--base-url", "http://localhost:" + RestAssured.port + "/v1", "--api-key", key,
                "--model", MODEL, "--other-key", readOnly);

        JsonNode base64 = out.get("default");
        JsonNode floats = out.get("float");
        for (JsonNode answer : List.of(base64, floats)) {
            assertEquals("list", answer.path("object").asText(), answer.toString());
            assertEquals(MODEL, answer.path("model").asText());
            assertEquals(2, answer.get("data").size());
            int tokens = answer.at("/usage/prompt_tokens").asInt();
            assertTrue(tokens > 2, "usage counts the inputs' tokens: " + answer.get("usage"));
            assertEquals(tokens, answer.at("/usage/total_tokens").asInt());
        }
        for (int i = 0; i < 2; i++) {
            JsonNode decoded = base64.get("data").get(i);
            JsonNode plain = floats.get("data").get(i);
            assertEquals(i, decoded.get("index").asInt());
            assertEquals("embedding", decoded.get("object").asText());
            assertEquals(384, decoded.get("embedding").size());
            double norm = 0;
            for (int d = 0; d < 384; d++) {
                double v = decoded.get("embedding").get(d).asDouble();
                // float32 either way: the base64 bytes decode to exactly the values the float answer prints
                assertEquals((float) plain.get("embedding").get(d).asDouble(), (float) v, 0f, "dimension " + d);
                norm += v * v;
            }
            assertEquals(1.0, norm, 1e-4, "unit vectors");
        }
        assertTrue(cosine(base64.at("/data/0/embedding"), base64.at("/data/1/embedding")) < 0.95,
                "two different texts get different vectors");

        JsonNode single = out.get("single");
        assertEquals(1, single.get("data").size());
        assertEquals(base64.at("/data/0/embedding"), single.at("/data/0/embedding"), "a string input is one input");

        JsonNode unknown = out.at("/unknown_model/error");
        assertEquals("NotFoundError", unknown.path("class").asText(), unknown.toString());
        assertEquals(404, unknown.path("status").asInt());
        assertEquals("model_not_found", unknown.path("code").asText());
        assertEquals("model", unknown.path("param").asText());
        JsonNode badFormat = out.at("/bad_format/error");
        assertEquals("BadRequestError", badFormat.path("class").asText(), badFormat.toString());
        assertEquals("invalid_request_error", badFormat.path("type").asText());
        assertEquals("encoding_format", badFormat.path("param").asText());
        JsonNode wrongKey = out.at("/wrong_key/error");
        assertEquals("AuthenticationError", wrongKey.path("class").asText(), wrongKey.toString());
        assertEquals("invalid_api_key", wrongKey.path("code").asText());
        JsonNode notAllowed = out.at("/other_key/error");
        assertEquals("PermissionDeniedError", notAllowed.path("class").asText(), notAllowed.toString());
        assertEquals("permission_denied", notAllowed.path("code").asText());
    }

    private static double cosine(JsonNode a, JsonNode b) {
        double dot = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i).asDouble() * b.get(i).asDouble();
        }
        return dot;
    }

    private static JsonNode run(Path tool, String... args) throws Exception {
        Path out = Files.createTempFile("openai-client", ".json");
        Path err = Files.createTempFile("openai-client", ".log");
        try {
            List<String> command = new java.util.ArrayList<>(List.of("node", "embeddings.mjs"));
            command.addAll(List.of(args));
            Process node = new ProcessBuilder(command).directory(tool.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!node.waitFor(120, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                fail("tools/openai-client did not finish; stderr:\n" + Files.readString(err));
            }
            assertEquals(0, node.exitValue(), "tools/openai-client failed; stderr:\n" + Files.readString(err));
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
