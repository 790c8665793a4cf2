package dev.lore.llm.rerank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A reranker behind an HTTP endpoint speaking one of the {@link RerankApi} dialects. The dialects
 * differ only in URL, request body and where the scores sit in the response, so everything else
 * (batching, validation, errors) is shared. Immutable and thread-safe; meant to share one
 * {@link HttpClient} with the other rerankers so connections are pooled.
 *
 * <p>Batches go out one after another, so a self-hosted server sees at most one request per call.
 */
public final class HttpReranker implements Reranker {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT_CHARS = 200;
    private static final Comparator<RerankResult> BEST_FIRST =
            Comparator.comparingDouble(RerankResult::score).reversed().thenComparingInt(RerankResult::index);

    private final RerankerSettings settings;
    private final HttpClient client;
    private final Dialect dialect;
    private final URI endpoint;

    public HttpReranker(RerankerSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.dialect = switch (settings.api()) {
            case TEI -> Dialect.TEI;
            case JINA -> Dialect.JINA;
            case COHERE -> Dialect.COHERE;
        };
        this.endpoint = dialect.endpoint(settings.url());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<RerankResult> rerank(String query, List<String> documents) {
        Objects.requireNonNull(query, "query");
        documents.forEach(d -> Objects.requireNonNull(d, "documents must not contain null"));
        double[] scores = new double[documents.size()];
        for (int from = 0; from < documents.size(); from += settings.maxDocuments()) {
            List<String> batch = documents.subList(from, Math.min(from + settings.maxDocuments(), documents.size()));
            scoreBatch(query, batch, from, scores);
        }
        return IntStream.range(0, scores.length).mapToObj(i -> new RerankResult(i, scores[i])).sorted(BEST_FIRST)
                .toList();
    }

    /** Writes the scores of {@code batch} into {@code scores}, starting at {@code offset}. */
    private void scoreBatch(String query, List<String> batch, int offset, double[] scores) {
        String body = post(dialect.body(settings.model(), query, batch).toString());
        JsonNode results;
        try {
            results = dialect.results(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            throw malformed("not JSON", body, e);
        }
        if (!results.isArray()) {
            throw malformed("no results array", body, null);
        }
        boolean[] seen = new boolean[batch.size()];
        for (JsonNode result : results) {
            JsonNode index = result.get("index");
            JsonNode score = result.get(dialect.scoreField);
            if (index == null || !index.isIntegralNumber() || !index.canConvertToInt()
                    || score == null || !score.isNumber()) {
                throw malformed("a result without an integer index and a numeric " + dialect.scoreField, body, null);
            }
            int i = index.intValue();
            if (i < 0 || i >= batch.size()) {
                throw malformed("result index " + i + " is out of range for " + batch.size() + " documents", body, null);
            }
            if (seen[i]) {
                throw malformed("result index " + i + " appears twice", body, null);
            }
            seen[i] = true;
            // Scores outside [0, 1] come from servers that ignore the normalisation request.
            scores[offset + i] = Math.clamp(score.doubleValue(), 0.0, 1.0);
        }
        int returned = results.size();
        if (returned < batch.size()) {
            throw malformed("only " + returned + " results for " + batch.size() + " documents", body, null);
        }
    }

    /** The body of a 2xx response. */
    private String post(String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new RerankException(name(), 0,
                    "timed out after " + settings.timeout().toMillis() + " ms waiting for " + endpoint, e);
        } catch (IOException e) {
            throw new RerankException(name(), 0, "could not reach " + endpoint + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RerankException(name(), 0, "was interrupted waiting for " + endpoint, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new RerankException(name(), status,
                    "returned HTTP " + status + " from " + endpoint + ": " + excerpt(response.body()), null);
        }
        return response.body();
    }

    private RerankException malformed(String problem, String body, Throwable cause) {
        return new RerankException(name(), 0,
                "returned a malformed response from " + endpoint + " (" + problem + "): " + excerpt(body), cause);
    }

    private static String excerpt(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "(empty body)";
        }
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…";
    }

    /** The JDK client often wraps the informative exception in one without a message. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }

    /** What differs between the rerank APIs. */
    private enum Dialect {
        TEI("score") {
            @Override
            URI endpoint(URI url) {
                return URI.create(url.toString().replaceAll("/+$", "") + "/rerank");
            }

            @Override
            ObjectNode body(String model, String query, List<String> documents) {
                ObjectNode body = JSON.createObjectNode().put("query", query);
                documents.forEach(body.putArray("texts")::add);
                // Normalised scores are what Reranker promises; truncating one overlong chunk
                // beats the whole request failing with 413.
                return body.put("raw_scores", false).put("return_text", false).put("truncate", true);
            }

            @Override
            JsonNode results(JsonNode response) {
                return response;
            }
        },
        JINA("relevance_score") {
            @Override
            ObjectNode body(String model, String query, List<String> documents) {
                return modelQueryDocuments(model, query, documents).put("return_documents", false);
            }
        },
        COHERE("relevance_score") {
            @Override
            ObjectNode body(String model, String query, List<String> documents) {
                return modelQueryDocuments(model, query, documents);
            }
        };

        final String scoreField;

        Dialect(String scoreField) {
            this.scoreField = scoreField;
        }

        URI endpoint(URI url) {
            return url;
        }

        abstract ObjectNode body(String model, String query, List<String> documents);

        JsonNode results(JsonNode response) {
            return response.path("results");
        }

        /** Jina and Cohere share this request; top_n is the batch size so every document gets a score. */
        private static ObjectNode modelQueryDocuments(String model, String query, List<String> documents) {
            ObjectNode body = JSON.createObjectNode().put("model", model).put("query", query);
            documents.forEach(body.putArray("documents")::add);
            return body.put("top_n", documents.size());
        }
    }
}
