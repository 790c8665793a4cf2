package dev.lore.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternalTokenSecretTest {

    @TempDir
    Path data;

    @Test
    void generatesThirtyTwoRandomBytesOnceOwnerOnly() throws Exception {
        String secret = InternalTokenSecret.loadOrCreate(data);
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        assertEquals(32, Base64.getUrlDecoder().decode(secret).length);
        Path file = data.resolve("internal-token.secret");
        assertEquals(secret, Files.readString(file).trim());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertEquals(secret, InternalTokenSecret.loadOrCreate(data), "the same data dir keeps its secret");
        try (var files = Files.list(data)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void eachDataDirGetsItsOwn(@TempDir Path other) throws Exception {
        assertNotEquals(InternalTokenSecret.loadOrCreate(data), InternalTokenSecret.loadOrCreate(other));
    }

    @Test
    void tightensALooseModeAndRefusesATruncatedSecret() throws Exception {
        Path file = data.resolve("internal-token.secret");
        Files.writeString(file, "x".repeat(50) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("x".repeat(50), InternalTokenSecret.loadOrCreate(data));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));

        Files.writeString(file, "short");
        IOException e = assertThrows(IOException.class, () -> InternalTokenSecret.loadOrCreate(data));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
