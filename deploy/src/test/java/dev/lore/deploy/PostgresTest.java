package dev.lore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL that {@code ./lore up} runs keeps what it commits. */
class PostgresTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void commitsAreFlushedToDiskBeforeTheyAreAcknowledged() throws Exception {
        Postgres pg = Postgres.start(dir, dir.resolve("postgres.log"));
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            assertEquals("on", setting(s, "fsync"));
            assertEquals("on", setting(s, "synchronous_commit"));
            assertEquals("on", setting(s, "full_page_writes"));
        } finally {
            pg.stop();
        }
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet r = s.executeQuery("SHOW " + name)) {
            r.next();
            return r.getString(1);
        }
    }
}
