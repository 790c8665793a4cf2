package dev.lore.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A model behind an OpenAI-compatible {@code POST /embeddings}. Texts go in batches; an answer's
 * vectors are put back in input order by their {@code index}, checked against the declared
 * dimension and scaled to unit length (not every server normalises). Rate limits (429), server
 * errors and broken connections are retried with backoff ({@code Retry-After} honoured); any
 * other error fails at once with the server's message.
 *
 * <p>Hand-written over the JDK client: LangChain4j's OpenAI module is not published for the
 * LangChain4j version Lore uses, and the wire format is one small JSON request.
 */
public final class RemoteEmbeddingModel implements TextEmbedder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRIED = Set.of(408, 429, 500, 502, 503, 504);
    static final int ATTEMPTS = 4;

    private final ModelSpec spec;
    private final RemoteModel remote;
    private final URI endpoint;
    private final HttpClient http;
    private final Duration firstBackoff;

    RemoteEmbeddingModel(ModelSpec spec, RemoteModel remote) {
        this.spec = spec;
        this.remote = remote;
        String base = remote.url().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "embeddings");
        this.http = HttpClient.newBuilder().connectTimeout(remote.timeout()).build();
        this.firstBackoff = remote.retryBackoff();
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public List<float[]> embedTexts(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += remote.batchSize()) {
            out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + remote.batchSize()))));
        }
        return out;
    }

    private List<float[]> batch(List<String> texts) {
        ObjectNode body = JSON.createObjectNode().put("model", remote.model()).put("encoding_format", "float");
        texts.forEach(body.putArray("input")::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(remote.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (remote.apiKey() != null) {
            request.header("Authorization", "Bearer " + remote.apiKey());
        }
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            String failure;
            Duration wait = backoff;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return vectors(response.body(), texts.size());
                }
                failure = "answered " + response.statusCode() + ": " + excerpt(response.body());
                if (!RETRIED.contains(response.statusCode())) {
                    throw new RemoteEmbeddingException(message(failure));
                }
                wait = response.headers().firstValue("Retry-After").map(RemoteEmbeddingModel::seconds)
                        .filter(s -> s > 0 && s <= 30).map(Duration::ofSeconds).orElse(backoff);
            } catch (IOException e) {
                failure = "is unreachable: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteEmbeddingException(message("call was interrupted"));
            }
            if (attempt == ATTEMPTS) {
                throw new RemoteEmbeddingException(message(failure) + " (after " + ATTEMPTS + " attempts)", true);
            }
            sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    private List<float[]> vectors(String body, int expected) {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new RemoteEmbeddingException(message("answered malformed JSON: " + excerpt(body)));
        }
        if (!data.isArray() || data.size() != expected) {
            throw new RemoteEmbeddingException(message("answered " + data.size() + " embeddings for " + expected
                    + " inputs"));
        }
        float[][] out = new float[expected][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode values = item.path("embedding");
            if (index < 0 || index >= expected || out[index] != null || !values.isArray()) {
                throw new RemoteEmbeddingException(message("answered an embedding with a bad or repeated index"));
            }
            if (values.size() != spec.dimension()) {
                throw new RemoteEmbeddingException(message("returned " + values.size() + " dimensions, not the "
                        + spec.dimension() + " configured"));
            }
            float[] v = new float[values.size()];
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) values.get(i).asDouble();
                norm += v[i] * v[i];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 1f;
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
            out[index] = v;
        }
        return List.of(out);
    }

    private String message(String what) {
        return "Remote embedding model " + spec.id() + " (" + endpoint + ") " + what;
    }

    private static String excerpt(String body) {
        String s = body == null ? "" : body.strip();
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteEmbeddingException("Interrupted while waiting to retry a remote embedding call");
        }
    }
}
