package dev.lore.deploy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/** Log files under {@code <data>/logs}: one per component and run, plus the previous run as {@code .1}. */
final class Logs {

    static final int TAIL_LINES = 40;
    /** Enough for 40 long lines without reading a big Kafka log whole. */
    private static final int TAIL_BYTES = 64 * 1024;

    private Logs() {
    }

    /** A fresh log for this run; the previous one is kept as {@code <name>.log.1}. */
    static Path fresh(Path logDir, String name) throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        if (Files.exists(log)) {
            Files.move(log, logDir.resolve(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.createFile(log);
    }

    /** The last {@code lines} lines of a log, or a note saying why there are none. */
    static String tail(Path log, int lines) {
        if (log == null || !Files.isRegularFile(log)) {
            return "(no log)";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            String text = String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            return text.isBlank() ? "(log is empty)" : text;
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
