package dev.lore.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real PostgreSQL and a real single-node KRaft Kafka cluster, started once per test JVM and
 * shared by every test class (both start in a few seconds; restarting them per class would
 * dominate the suite). Tests that need a clean slate use their own database or topics.
 */
public final class LoreInfra {
    /**
     * The internal-token secret of every service under test ({@code lore.internal-token.secret}),
     * also what {@link InternalTokenFilter} signs with. At least 32 bytes, as HS256 requires.
     */
    public static final String INTERNAL_TOKEN_SECRET = "lore-test-internal-token-secret-0123456789abcdef";

    private static EmbeddedPostgres postgres;
    private static KafkaClusterTestKit kafka;
    private static Path work;

    private LoreInfra() {}

    public static synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            work = Files.createTempDirectory("lore-test-infra");
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.resolve("pg-work").toFile())
                    .setDataDirectory(work.resolve("pg-data"))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(work.resolve("kafka"))
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "2")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the test PostgreSQL and Kafka", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(LoreInfra::stop, "lore-infra-stop"));
    }

    private static synchronized void stop() {
        try {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (Exception ignored) {
            // the JVM is exiting; nothing left to do
        }
        // PostgreSQL's unpacked binaries alone are 60 MB: every test JVM would leave them in /tmp.
        deleteTree(work);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the JVM is exiting
        }
    }

    /** JDBC URL of {@code database}, created on first use. */
    public static synchronized String jdbcUrl(String database) {
        start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
        return postgres.getJdbcUrl("postgres", database);
    }

    public static String bootstrapServers() {
        start();
        return kafka.bootstrapServers();
    }

    public static KafkaClusterTestKit kafka() {
        start();
        return kafka;
    }

    /** Stops the broker (the controller keeps running); its port stays reserved for {@link #startBroker()}. */
    public static void stopBroker() {
        for (BrokerServer broker : kafka().brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    public static void startBroker() {
        try {
            for (BrokerServer broker : kafka().brokers().values()) {
                broker.startup();
            }
            kafka.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot restart the Kafka broker", e);
        }
    }


}
