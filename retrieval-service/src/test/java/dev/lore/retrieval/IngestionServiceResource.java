package dev.lore.retrieval;

import dev.lore.testsupport.LoreInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final Path JAR = Path.of("../ingestion-service/target/quarkus-app/quarkus-run.jar");

    private Process process;
    private RerankServer reranker;

    @Override
    public Map<String, String> start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build the ingestion service first "
                    + "(./mvnw -pl ingestion-service -am package -DskipTests)");
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dataDir = Path.of("target/ingestion-service-data");
            Path log = Path.of("target/ingestion-service.log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-jar", JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", LoreInfra.jdbcUrl("lore_ingestion_rt"));
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            env.put("KAFKA_BOOTSTRAP_SERVERS", LoreInfra.bootstrapServers());
            env.put("LORE_DATA_DIR", dataDir.toAbsolutePath().toString());
            // The same secret as the service under test: it mints tokens for its calls to ingestion.
            env.put("LORE_INTERNAL_TOKEN_SECRET", LoreInfra.INTERNAL_TOKEN_SECRET);
            env.put("LORE_INGESTION_OUTBOX_POLL_INTERVAL", "50ms");
            env.put("LORE_INGESTION_PIPELINE_POLL_INTERVAL", "100ms");
            process = pb.start();
            String url = "http://127.0.0.1:" + port;
            awaitReady(url, log);
            reranker = new RerankServer();
            return Map.of(URL_PROPERTY, url, RerankServer.URL_PROPERTY, reranker.url());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the ingestion service", e);
        }
    }

    private void awaitReady(String url, Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The ingestion service exited: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("The ingestion service was not ready within 90 s; see " + log);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
        if (reranker != null) {
            reranker.close();
        }
    }
}
