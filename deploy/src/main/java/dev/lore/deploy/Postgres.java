package dev.lore.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * PostgreSQL from zonky's bundled binaries; data in {@code <data>/postgres}, binaries unpacked to
 * {@code <data>/pg-work}. It gets a fresh free port on every start rather than a remembered one:
 * services learn it from their environment, and a remembered port could be taken by something else
 * since the last run, turning a restart into a failure for no benefit.
 */
final class Postgres {

    static final String NAME = "postgres";
    static final String USER = "postgres";
    /** initdb uses trust authentication on loopback, so any password works; services still need one. */
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres pg;
    private final Path dataDir;
    private final Path log;

    private Postgres(EmbeddedPostgres pg, Path dataDir, Path log) {
        this.pg = pg;
        this.dataDir = dataDir;
        this.log = log;
    }

    static Postgres start(Path loreDataDir, Path log) throws StartupException {
        Path dataDir = loreDataDir.resolve("postgres");
        try {
            Files.createDirectories(dataDir);
            Path workDir = Files.createDirectories(loreDataDir.resolve("pg-work"));
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setPort(Ports.free())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky starts the server with -F (fsync off) and synchronous_commit off, for tests;
                    // Lore keeps real documents, so commits must reach the disk. A later -c wins over -F.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // PostgreSQL's 128 MB default is sized for tiny machines; a 10M-row audit trail's
                    // hot index pages alone exceed it. More WAL between checkpoints absorbs ingest bursts.
                    .setServerConfig("shared_buffers", setting("LORE_POSTGRES_SHARED_BUFFERS", "1GB"))
                    .setServerConfig("max_wal_size", setting("LORE_POSTGRES_MAX_WAL_SIZE", "4GB"))
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The launcher stops PostgreSQL itself, after the services and Kafka.
                    .setRegisterShutdownHook(false)
                    .start();
            return new Postgres(pg, dataDir, log);
        } catch (IOException | RuntimeException e) {
            throw new StartupException(NAME, String.valueOf(e.getMessage()), log, e);
        }
    }

    private static String setting(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    int port() {
        return pg.getPort();
    }

    Path dataDir() {
        return dataDir;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return pg.getDatabase(USER, database).getConnection();
    }

    void createDatabaseIfMissing(String database) throws StartupException {
        try (Connection c = connect("postgres");
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (Statement create = c.createStatement()) {
                    create.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        } catch (SQLException e) {
            throw new StartupException(NAME, "cannot create database " + database + ": " + e.getMessage(), log, e);
        }
    }

    /** The postmaster outlives pg_ctl, so this is the process to remember in case the launcher is killed. */
    Optional<ProcessHandle> postmaster() {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void stop() {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("postgres   did not stop cleanly: " + e.getMessage());
        }
    }
}
