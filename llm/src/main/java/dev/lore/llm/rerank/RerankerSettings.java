package dev.lore.llm.rerank;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one operator-configured reranker.
 *
 * @param name what callers select it by (e.g. {@code rerank_version} "BGE-Rerank")
 * @param api the protocol the endpoint speaks
 * @param url for {@link RerankApi#TEI} the server's base URL ({@code /rerank} is appended); for the
 *     others the full endpoint URL
 * @param model model id sent in the request; required for Jina and Cohere, ignored by TEI (which
 *     serves a single model)
 * @param apiKey sent as a bearer token when present
 * @param timeout per HTTP request, i.e. per batch
 * @param maxDocuments the most documents sent in one request; larger calls are split into batches
 */
public record RerankerSettings(String name, RerankApi api, URI url, String model, String apiKey,
                               Duration timeout, int maxDocuments) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_DOCUMENTS = 64;
    /** A stock TEI server rejects requests with more inputs than its --max-client-batch-size, 32 by default. */
    public static final int TEI_DEFAULT_MAX_DOCUMENTS = 32;

    public RerankerSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A reranker needs a name");
        }
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null) {
            throw new IllegalArgumentException("Reranker '" + name + "' needs an absolute http(s) URL, got " + url);
        }
        // Configuration from environment variables turns "unset" into "": treat it as absent.
        model = blankToNull(model);
        apiKey = blankToNull(apiKey);
        if (model == null && api != RerankApi.TEI) {
            throw new IllegalArgumentException("Reranker '" + name + "' (" + api + ") needs a model");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Reranker '" + name + "' needs a positive timeout, got " + timeout);
        }
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("Reranker '" + name + "' needs maxDocuments >= 1, got " + maxDocuments);
        }
    }

    /**
     * Settings with {@link #DEFAULT_TIMEOUT} and a batch size the server accepts out of the box:
     * {@link #TEI_DEFAULT_MAX_DOCUMENTS} for TEI, {@link #DEFAULT_MAX_DOCUMENTS} otherwise.
     */
    public static RerankerSettings of(String name, RerankApi api, String url, String model, String apiKey) {
        int maxDocuments = api == RerankApi.TEI ? TEI_DEFAULT_MAX_DOCUMENTS : DEFAULT_MAX_DOCUMENTS;
        return new RerankerSettings(name, api, URI.create(url), model, apiKey, DEFAULT_TIMEOUT, maxDocuments);
    }

    public RerankerSettings withTimeout(Duration timeout) {
        return new RerankerSettings(name, api, url, model, apiKey, timeout, maxDocuments);
    }

    public RerankerSettings withMaxDocuments(int maxDocuments) {
        return new RerankerSettings(name, api, url, model, apiKey, timeout, maxDocuments);
    }

    /** Keeps the API key out of logs. */
    @Override
    public String toString() {
        return "RerankerSettings[name=" + name + ", api=" + api + ", url=" + url + ", model=" + model
                + ", apiKey=" + (apiKey == null ? "none" : "***") + ", timeout=" + timeout
                + ", maxDocuments=" + maxDocuments + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
