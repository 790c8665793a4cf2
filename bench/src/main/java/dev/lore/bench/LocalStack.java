package dev.lore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a running {@code ./lore up} keeps its Kafka broker and PostgreSQL, read from its data dir. */
final class LocalStack {
    private LocalStack() {}

    /** From {@code <data-dir>/kafka/server.properties}: the PLAINTEXT listener. */
    static String kafkaBootstrap(Path dataDir) throws IOException {
        for (String line : Files.readAllLines(dataDir.resolve("kafka/server.properties"))) {
            if (line.startsWith("advertised.listeners=PLAINTEXT://")) {
                return line.substring("advertised.listeners=PLAINTEXT://".length()).split(",")[0];
            }
        }
        throw new IllegalStateException("no Kafka listener in " + dataDir.resolve("kafka/server.properties"));
    }

    /** From {@code <data-dir>/postgres/postmaster.pid} (line 4 is the port) while PostgreSQL runs. */
    static String jdbcUrl(Path dataDir, String database) throws IOException {
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"));
        return "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/" + database;
    }
}
