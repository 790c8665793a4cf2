package dev.lore.retrieval.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.common.auth.Permissions;
import dev.lore.common.auth.RequiresPermission;
import dev.lore.common.error.LoreException;
import dev.lore.embedding.ModelSpec;
import dev.lore.retrieval.service.Embedder;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** OpenAI-compatible {@code POST /v1/embeddings}, served by the in-process models. */
@Path("/v1/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EmbeddingsResource {
    static final int MAX_INPUTS = 2048;

    @Inject
    Embedder embedder;

    public record Request(String model, JsonNode input, @JsonProperty("encoding_format") String encodingFormat,
                          Integer dimensions, String user) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Datum(String object, int index, Object embedding) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("total_tokens") int totalTokens) {
    }

    public record Result(String object, List<Datum> data, String model, Usage usage) {
    }

    @POST
    @RequiresPermission(Permissions.EMBEDDINGS)
    public Result embed(Request body) {
        if (body == null || body.model() == null || body.model().isBlank()) {
            throw LoreException.badRequest("model is required", "model");
        }
        if (!embedder.models().exists(body.model())) {
            throw new LoreException(404, "model_not_found", "The model '" + body.model() + "' does not exist; "
                    + "embedding models: " + embedder.models().available().stream().map(ModelSpec::id).toList(),
                    "model");
        }
        List<String> inputs = inputs(body.input());
        String format = body.encodingFormat() == null ? "float" : body.encodingFormat();
        if (!format.equals("float") && !format.equals("base64")) {
            throw LoreException.badRequest("encoding_format must be 'float' or 'base64'", "encoding_format");
        }
        ModelSpec spec = embedder.spec(body.model());
        if (body.dimensions() != null && body.dimensions() != spec.dimension()) {
            throw LoreException.badRequest(body.model() + " produces " + spec.dimension()
                    + "-dimensional vectors; dimensions cannot change that", "dimensions");
        }
        List<float[]> vectors = embedder.passages(body.model(), inputs, null);
        List<Datum> data = new ArrayList<>(vectors.size());
        int tokens = 0;
        for (int i = 0; i < vectors.size(); i++) {
            data.add(new Datum("embedding", i, format.equals("base64") ? base64(vectors.get(i)) : vectors.get(i)));
            tokens += Math.min(embedder.countTokens(body.model(), inputs.get(i)), spec.maxInputTokens());
        }
        return new Result("list", data, body.model(), new Usage(tokens, tokens));
    }

    private static List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw LoreException.badRequest("input is required", "input");
        }
        List<String> out = new ArrayList<>();
        if (input.isTextual()) {
            out.add(input.asText());
        } else if (input.isArray()) {
            for (JsonNode n : input) {
                if (!n.isTextual()) {
                    throw LoreException.badRequest("input must be a string or an array of strings "
                            + "(token arrays are not supported)", "input");
                }
                out.add(n.asText());
            }
        } else {
            throw LoreException.badRequest("input must be a string or an array of strings", "input");
        }
        if (out.isEmpty() || out.size() > MAX_INPUTS) {
            throw LoreException.badRequest("input must hold 1 to " + MAX_INPUTS + " strings", "input");
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw LoreException.badRequest("input strings cannot be empty", "input");
        }
        return out;
    }

    /** OpenAI's base64 format: the float32 values, little-endian. */
    private static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }
}
