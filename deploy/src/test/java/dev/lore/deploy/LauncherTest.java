package dev.lore.deploy;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the real PostgreSQL and Kafka through the launcher; services are stand-ins. */
class LauncherTest {

    private static final Service FAKE = new Service("fake-service", "fake", 1, "lore_fake");
    private static final String TOPIC = "lore.launcher-test";

    @TempDir
    Path home;
    @TempDir
    Path data;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void keepsRowsAndMessagesAcrossRestartsOnTheSameDataDir() throws Exception {
        builtJar(FAKE, "unused: the command below starts FakeService instead");
        int port = Ports.free() - 1; // FAKE listens on port + 1
        ServiceCommand fakeService = (service, jar) -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FakeService.class.getName());

        Launcher first = launcher(port, List.of(FAKE), fakeService);
        try {
            first.start();
            try (Connection c = first.postgres().connect("lore_fake"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE note (text varchar)");
                s.execute("INSERT INTO note VALUES ('kept')");
            }
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.kafka().bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "kept")).get(30, TimeUnit.SECONDS);
            }
            String secret = Files.readString(data.resolve(InternalTokenSecret.FILE)).trim();
            assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
            assertEquals(PosixFilePermissions.fromString("rw-------"),
                    Files.getPosixFilePermissions(data.resolve(InternalTokenSecret.FILE)));
            List<String> env = Files.readAllLines(data.resolve("fake/env"));
            assertEquals(List.of(
                    "KAFKA_BOOTSTRAP_SERVERS=" + first.kafka().bootstrapServers(),
                    "LORE_DATA_DIR=" + data.resolve("fake").toRealPath(),
                    "LORE_EMBEDDING_MODELS_DIR=" + data.resolve("models").toRealPath(),
                    "LORE_INGESTION_URL=" + ServiceRegistry.url("ingestion-service", port),
                    "LORE_INTERNAL_TOKEN_SECRET=" + secret,
                    "QUARKUS_DATASOURCE_JDBC_URL=" + first.postgres().jdbcUrl("lore_fake"),
                    "QUARKUS_DATASOURCE_PASSWORD=postgres",
                    "QUARKUS_DATASOURCE_USERNAME=postgres",
                    "QUARKUS_HTTP_HOST=127.0.0.1",
                    "QUARKUS_HTTP_PORT=" + (port + 1)), env);
        } finally {
            first.stop();
        }
        String out = output.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("postgres   jdbc:postgresql://127.0.0.1:"), out);
        assertTrue(out.contains("kafka      127.0.0.1:"), out);
        assertTrue(out.contains("fake       http://127.0.0.1:" + (port + 1)), out);
        assertTrue(out.endsWith("""
                fake       stopped
                kafka      stopped
                postgres   stopped
                """), out);

        String firstSecret = Files.readString(data.resolve(InternalTokenSecret.FILE));
        Launcher second = launcher(port, List.of(), fakeService);
        try {
            second.start();
            assertEquals(firstSecret, Files.readString(data.resolve(InternalTokenSecret.FILE)),
                    "the data dir keeps its internal-token secret across restarts");
            try (Connection c = second.postgres().connect("lore_fake"); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT text FROM note")) {
                assertTrue(rows.next());
                assertEquals("kept", rows.getString(1));
            }
            assertEquals(List.of("kept"), readTopic(second.kafka().bootstrapServers()));
        } finally {
            second.stop();
        }
        assertFalse(Files.exists(data.resolve("pids")), "a clean stop leaves no pids to clean up");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void failsFastWithTheLogTailWhenAServiceExits() throws Exception {
        builtJar(FAKE, "not a jar");
        Launcher launcher = launcher(Ports.free() - 1, List.of(FAKE), ServiceCommand.quarkusJar());
        try {
            StartupException e = assertThrows(StartupException.class, launcher::start);
            assertTrue(e.getMessage().startsWith("fake failed to start: process exited with code 1"), e.getMessage());
            assertTrue(e.getMessage().contains("lines of " + data.toRealPath().resolve("logs/fake-service.log")), e.getMessage());
            assertTrue(e.getMessage().contains("Invalid or corrupt jarfile"), e.getMessage());
        } finally {
            launcher.stop();
        }
        ProcessHandle kafka = launcher.kafka().process().handle();
        assertFalse(kafka.isAlive(), "Kafka is stopped after a failed start");
        assertFalse(Ports.accepts(launcher.postgres().port()), "PostgreSQL is stopped after a failed start");
    }

    @Test
    void refusesADataDirInUse() throws Exception {
        try (DataDirLock held = DataDirLock.acquire(data)) {
            Launcher launcher = launcher(Ports.free() - 1, List.of(), ServiceCommand.quarkusJar());
            StartupException e = assertThrows(StartupException.class, launcher::start);
            assertTrue(e.getMessage().contains("is in use by another './lore up' (pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            launcher.stop();
            assertNull(launcher.postgres());
        }
    }

    @Test
    void refusesABusyServicePortBeforeStartingAnything() throws Exception {
        builtJar(FAKE, "never run");
        try (ServerSocket busy = new ServerSocket(0)) {
            int port = busy.getLocalPort() - 1;
            Launcher launcher = launcher(port, List.of(FAKE), ServiceCommand.quarkusJar());
            StartupException e = assertThrows(StartupException.class, launcher::start);
            assertEquals("fake failed to start: port " + (port + 1) + " is already in use (--port " + port
                    + " puts fake on " + (port + 1) + "). Free it or pass another --port.", e.getMessage());
            launcher.stop();
            assertNull(launcher.postgres());
            assertNull(launcher.kafka());
        }
    }

    private Launcher launcher(int port, List<Service> registry, ServiceCommand command) {
        return new Launcher(new Options(data, port), home, registry, command,
                new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private void builtJar(Service service, String content) throws Exception {
        Path jar = service.jar(home);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, content);
    }

    private static List<String> readTopic(String bootstrapServers) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (values.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
