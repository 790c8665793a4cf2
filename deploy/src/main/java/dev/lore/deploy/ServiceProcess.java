package dev.lore.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/** One running Lore service, configured only through its environment. */
final class ServiceProcess {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int port;
    private final ChildProcess process;

    private ServiceProcess(Service service, int port, ChildProcess process) {
        this.service = service;
        this.port = port;
        this.process = process;
    }

    private static final Path NICE = Path.of("/usr/bin/nice");

    static ServiceProcess launch(Service service, Path home, ServiceCommand command, int publicPort, Path loreDataDir,
                                 String internalTokenSecret, Postgres postgres, KafkaBroker kafka, Path log)
            throws StartupException {
        Path dataDir = loreDataDir.resolve(service.name()).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(loreDataDir.resolve("models"));
        } catch (IOException e) {
            throw new StartupException(service.name(), "cannot create " + dataDir + ": " + e.getMessage(), log, e);
        }
        int port = service.port(publicPort);
        List<String> commandLine = command.command(service, service.jar(home));
        if (service.background() && Files.isExecutable(NICE)) {
            commandLine = Stream.concat(Stream.of(NICE.toString(), "-n", "10"), commandLine.stream()).toList();
        }
        ChildProcess process = ChildProcess.start(service.name(), commandLine,
                environment(service, publicPort, loreDataDir, dataDir, internalTokenSecret, postgres::jdbcUrl,
                        kafka.bootstrapServers()), dataDir, log);
        return new ServiceProcess(service, port, process);
    }

    /** Where the gateway writes the admin key it creates on a fresh data dir (mode 600). */
    static Path adminKeyFile(Path loreDataDir) {
        return loreDataDir.resolve("admin.key").toAbsolutePath();
    }

    /**
     * A service's whole configuration. docker-compose.yml and k8s/ set the same variables with their
     * own host names ({@code DeployFilesTest} holds them to it).
     *
     * @param jdbcUrl the JDBC URL of a database, by name
     */
    static Map<String, String> environment(Service service, int publicPort, Path loreDataDir, Path dataDir,
                                           String internalTokenSecret, Function<String, String> jdbcUrl,
                                           String kafkaBootstrapServers) {
        int port = service.port(publicPort);
        Map<String, String> env = new LinkedHashMap<>();
        // A local stack is for this machine only.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        if (service.database() != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl.apply(service.database()));
            env.put("QUARKUS_DATASOURCE_USERNAME", Postgres.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", Postgres.PASSWORD);
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("LORE_DATA_DIR", dataDir.toString());
        // Drop-in ONNX models, shared: ingestion sizes chunks with the tokenizer retrieval embeds with.
        env.put("LORE_EMBEDDING_MODELS_DIR", loreDataDir.resolve("models").toAbsolutePath().toString());
        env.put("LORE_INGESTION_URL", ServiceRegistry.url("ingestion-service", publicPort));
        // Services trust only internal tokens signed with the stack's secret (the gateway mints them).
        env.put(InternalTokenSecret.ENV, internalTokenSecret);
        if (service.module().equals(ServiceRegistry.GATEWAY)) {
            env.put("LORE_GATEWAY_SERVICES_INGESTION_URL", ServiceRegistry.url("ingestion-service", publicPort));
            env.put("LORE_GATEWAY_SERVICES_RETRIEVAL_URL", ServiceRegistry.url("retrieval-service", publicPort));
            env.put("LORE_GATEWAY_SERVICES_AUDIT_URL", ServiceRegistry.url("audit-service", publicPort));
            env.put("LORE_GATEWAY_BOOTSTRAP_ADMIN_KEY_FILE", adminKeyFile(loreDataDir).toString());
        }
        return env;
    }

    /** One readiness probe; throws as soon as the process has died. */
    boolean ready() throws StartupException, InterruptedException {
        process.requireAlive();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    StartupException notReady() {
        return new StartupException(service.name(), "not ready on " + url() + "/q/health/ready within "
                + READY_TIMEOUT.toSeconds() + " s", process.log());
    }

    Service service() {
        return service;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }
}
