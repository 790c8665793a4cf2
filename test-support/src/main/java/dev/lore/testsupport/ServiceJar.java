package dev.lore.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A real Lore service run from its packaged jar (built earlier in the reactor) as a child process,
 * on the shared PostgreSQL and Kafka and the test internal-token secret, so a test drives it
 * exactly as production does. Stopped with the JVM.
 */
public final class ServiceJar implements AutoCloseable {
    private final Process process;
    private final String url;
    private final Path log;

    private ServiceJar(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts {@code ../<module>/target/quarkus-app/quarkus-run.jar} on a free port with its own
     * {@code database}, data dir {@code target/<module>-data} and log {@code target/<module>.log};
     * {@code env} adds or overrides variables. Waits for {@code /q/health/ready}.
     */
    public static ServiceJar start(String module, String database, Map<String, String> env) {
        return start(module, module, database, env);
    }

    /** As {@link #start(String, String, Map)}, for one of several instances: {@code instance} names its log and data dir. */
    public static ServiceJar start(String module, String instance, String database, Map<String, String> env) {
        Path jar = Path.of("../" + module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first "
                    + "(./mvnw -pl " + module + " -am package -DskipTests)");
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = Path.of("target/" + instance + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-XX:+UseZGC",
                    "--add-modules", "jdk.incubator.vector", "-jar", jar.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> vars = new HashMap<>();
            vars.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            vars.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            vars.put("QUARKUS_DATASOURCE_JDBC_URL", LoreInfra.jdbcUrl(database));
            vars.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            vars.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            vars.put("KAFKA_BOOTSTRAP_SERVERS", LoreInfra.bootstrapServers());
            vars.put("LORE_DATA_DIR", Path.of("target/" + instance + "-data").toAbsolutePath().toString());
            vars.put("LORE_INTERNAL_TOKEN_SECRET", LoreInfra.INTERNAL_TOKEN_SECRET);
            vars.putAll(env);
            pb.environment().putAll(vars);
            Process process = pb.start();
            ServiceJar service = new ServiceJar(process, "http://127.0.0.1:" + port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            service.awaitReady(module);
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + module, e);
        }
    }

    public String url() {
        return url;
    }

    public Path log() {
        return log;
    }

    private void awaitReady(String module) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited: " + Files.readString(log));
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
        throw new IllegalStateException(module + " was not ready within 120 s; see " + log);
    }

    /** Kills the process at once (SIGKILL): no shutdown hooks, no flushing, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
