package dev.lore.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptionsTest {

    @Test
    void defaults() {
        assertEquals(new Options(Path.of(".lore"), 8080), Options.parse());
    }

    @Test
    void dataDirAndPortInBothForms() {
        assertEquals(new Options(Path.of("/tmp/x"), 9000), Options.parse("--data-dir", "/tmp/x", "--port", "9000"));
        assertEquals(new Options(Path.of("d"), 9100), Options.parse("--port=9100", "--data-dir=d"));
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertEquals("Unknown option '--frob'.", message("--frob"));
        assertEquals("Unknown option 'up'.", message("up"));
        assertEquals("--data-dir needs a value.", message("--data-dir"));
        assertEquals("--data-dir needs a value.", message("--data-dir", "--port", "1"));
        assertEquals("--port needs a number from 1 to 65531, got 'abc'.", message("--port", "abc"));
        assertEquals("--port needs a number from 1 to 65531, got '65535'.", message("--port", "65535"));
        assertEquals("--port needs a number from 1 to 65531, got '0'.", message("--port=0"));
    }

    private static String message(String... args) {
        return assertThrows(Options.UsageException.class, () -> Options.parse(args)).getMessage();
    }
}
