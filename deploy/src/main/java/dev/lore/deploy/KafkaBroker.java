package dev.lore.deploy;

import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka (broker and controller in one JVM) run as a child process from the
 * launcher's own classpath. Ports are picked fresh each start, like PostgreSQL's; that is safe
 * because the controller quorum is the static {@code controller.quorum.voters} (not a dynamic
 * quorum, which would store the controller address in the metadata log).
 */
final class KafkaBroker {

    static final String NAME = "kafka";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final int port;

    private KafkaBroker(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Launches the broker; {@link #awaitReady()} then waits for it to serve metadata. */
    static KafkaBroker launch(Path loreDataDir, Path log) throws StartupException {
        Path dir = loreDataDir.resolve("kafka");
        Path logDirs = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        int port = Ports.free();
        int controllerPort = Ports.free();
        try {
            Files.createDirectories(logDirs);
            Files.writeString(config, serverProperties(logDirs, port, controllerPort));
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                format(config, log);
            }
        } catch (IOException e) {
            throw new StartupException(NAME, "cannot prepare " + dir + ": " + e.getMessage(), log, e);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx512m",
                // A broker for one machine's services: the serial collector has no concurrent threads
                // to wake, and C1 alone compiles its few hot paths without a C2 warm-up on every start.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // The launcher's simplelogger.properties keeps itself quiet; the broker log wants INFO.
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS",
                "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", config.toString());
        return new KafkaBroker(ChildProcess.start(NAME, command, Map.of(), dir, log), port);
    }

    private static String serverProperties(Path logDirs, int port, int controllerPort) {
        return """
                # Written by the Lore launcher on every start (ports change); edits are overwritten.
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=1
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                # Sized for one machine's services, not a cluster's clients: fewer threads that wake idle.
                num.network.threads=2
                num.io.threads=2
                # The controller appends a no-op record to the metadata log this often when idle (default
                # 500 ms: a metadata write, flush and replay twice a second on a single node).
                metadata.max.idle.interval.ms=5000
                """.formatted(port, controllerPort, logDirs.toAbsolutePath());
    }

    /** Only for a new data dir: formatting again would wipe the topics and offsets of earlier runs. */
    private static void format(Path config, Path log) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), true)) {
            String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
            if (StorageTool.execute(args, out) != 0) {
                throw new IOException("kafka-storage format failed");
            }
        } catch (RuntimeException e) {
            throw new IOException("kafka-storage format failed: " + e.getMessage(), e);
        }
    }

    /** Ready means the broker answers a metadata request, not just that its port is open. */
    void awaitReady() throws StartupException, InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            process.requireAlive();
            if (Ports.accepts(port) && answersMetadata()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new StartupException(NAME, "no metadata answer on " + bootstrapServers() + " within "
                + READY_TIMEOUT.toSeconds() + " s", process.log());
    }

    private boolean answersMetadata() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }
}
