package dev.lore.embedding;

import java.net.URI;
import java.time.Duration;

/**
 * An OpenAI-compatible embeddings endpoint (OpenAI, Azure-style proxies, TEI, vLLM, Ollama…) Lore
 * may use as a knowledge base's model under {@code id}.
 *
 * @param id        the public id, {@code provider/model-name}
 * @param url       the API base, e.g. {@code https://api.openai.com/v1} ({@code /embeddings} is appended)
 * @param apiKey    sent as {@code Authorization: Bearer}; null for none
 * @param model     the model name the endpoint expects
 * @param dimension the vector size it returns (checked on every answer)
 * @param maxTokens its input limit in {@code cl100k_base} tokens (chunks are sized by it)
 * @param batchSize texts per request
 * @param timeout   per request
 * @param retryBackoff the first pause before retrying a failed request (doubling after each of the
 *                  four attempts; a {@code Retry-After} of up to 30 s takes precedence)
 */
public record RemoteModel(String id, URI url, String apiKey, String model, int dimension, int maxTokens,
                          int batchSize, Duration timeout, Duration retryBackoff) {
    public RemoteModel {
        if (dimension <= 0 || maxTokens <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("Remote embedding model " + id
                    + ": dimension, max-tokens and batch-size must be positive");
        }
    }
}
