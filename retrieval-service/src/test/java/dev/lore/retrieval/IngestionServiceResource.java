package dev.lore.retrieval;

import dev.lore.testsupport.ServiceJar;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Runs the real ingestion service (its packaged jar, built earlier in the reactor) against the
 * shared PostgreSQL and Kafka, so tests upload documents through it and the events reach the
 * retrieval service exactly as in production. Also starts the {@link RerankServer} stand-in that
 * the test profile's reranker points at ({@code lore-test.reranker-url}: outside the {@code lore.}
 * config mapping, which rejects unknown keys). One resource for both keeps every test class on the
 * same Quarkus application.
 */
public class IngestionServiceResource implements QuarkusTestResourceLifecycleManager {
    public static final String URL_PROPERTY = "quarkus.rest-client.ingestion.url";

    private RerankServer reranker;
    private RemoteEmbeddingServer remoteEmbeddings;

    @Override
    public Map<String, String> start() {
        try {
            reranker = new RerankServer();
            remoteEmbeddings = new RemoteEmbeddingServer();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the rerank and embedding stand-ins", e);
        }
        // The ingestion service knows the remote model too (it sizes its chunks), set as a deployment
        // would: environment variables, which name the model by a key and give its id.
        ServiceJar ingestion = ServiceJar.start("ingestion-service", "lore_ingestion_rt", Map.of(
                "LORE_INGESTION_OUTBOX_POLL_INTERVAL", "50ms",
                "LORE_INGESTION_PIPELINE_POLL_INTERVAL", "100ms",
                "LORE_EMBEDDING_REMOTE_STUB_ID", RemoteEmbeddingServer.MODEL_ID,
                "LORE_EMBEDDING_REMOTE_STUB_URL", remoteEmbeddings.url(),
                "LORE_EMBEDDING_REMOTE_STUB_DIMENSION", "384",
                "LORE_EMBEDDING_REMOTE_STUB_MAX_TOKENS", "510"));
        return Map.of(URL_PROPERTY, ingestion.url(), RerankServer.URL_PROPERTY, reranker.url(),
                RemoteEmbeddingServer.URL_PROPERTY, remoteEmbeddings.url());
    }

    @Override
    public void stop() {
        // the ingestion process stops with the JVM
        if (reranker != null) {
            reranker.close();
        }
        if (remoteEmbeddings != null) {
            remoteEmbeddings.close();
        }
    }
}
