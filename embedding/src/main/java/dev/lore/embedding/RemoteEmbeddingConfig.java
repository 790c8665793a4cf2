package dev.lore.embedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remote embedding models, read the same way by both services (the ingestion service sizes chunks
 * for them, the retrieval service calls them). In a properties file the key can be the model id,
 * {@code lore.embedding.remote."openai/text-embedding-3-small".url=https://api.openai.com/v1}; in
 * environment variables, which cannot spell a slash, give it a name and the id:
 * {@code LORE_EMBEDDING_REMOTE_OPENAI_ID=openai/text-embedding-3-small},
 * {@code LORE_EMBEDDING_REMOTE_OPENAI_URL=…}.
 */
@ConfigMapping(prefix = "lore.embedding")
public interface RemoteEmbeddingConfig {

    /** By model id ({@code provider/name}) or by a name with {@code id} set. */
    Map<String, Remote> remote();

    interface Remote {
        /** The model's public id ({@code provider/name}); default: the key. */
        Optional<String> id();

        /** API base; {@code /embeddings} is appended. */
        String url();

        Optional<String> apiKey();

        /** The name the endpoint knows the model by; default: the id's part after the slash. */
        Optional<String> model();

        int dimension();

        /** Input limit in {@code cl100k_base} tokens (OpenAI's embedding models: 8191). */
        @WithDefault("8191")
        int maxTokens();

        /** Texts per request (TEI accepts 32 by default, OpenAI 2048). */
        @WithDefault("32")
        int batchSize();

        @WithDefault("30s")
        Duration timeout();

        /** The first pause before a retry; it doubles over the four attempts. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }

    default List<RemoteModel> models() {
        return remote().entrySet().stream().map(e -> {
            Remote r = e.getValue();
            String id = r.id().orElse(e.getKey());
            return new RemoteModel(id, URI.create(r.url()), r.apiKey().orElse(null),
                    r.model().orElse(id.substring(id.indexOf('/') + 1)), r.dimension(), r.maxTokens(), r.batchSize(),
                    r.timeout(), r.retryBackoff());
        }).toList();
    }
}
