package dev.lore.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a child JVM is started: out of Ctrl-C's reach, yet scheduled with the launcher's threads. */
class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChildJvmIgnoresCtrlCAndHangupButStaysInTheLaunchersSchedulingGroup() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ChildProcess child = ChildProcess.start("sleeper", List.of(java, "-cp", System.getProperty("java.class.path"),
                Sleeper.class.getName()), Map.of(), dir, dir.resolve("sleeper.log"));
        long pid = child.handle().pid();
        try {
            awaitLog(dir.resolve("sleeper.log"), "sleeping");

            // Same session, hence (where the kernel groups by session) the same autogroup.
            assertEquals(session(ProcessHandle.current().pid()), session(pid), "child runs in the launcher's session");
            long ignored = Long.parseLong(status(pid, "SigIgn"), 16);
            assertTrue((ignored & (1L << 1)) != 0, "SIGINT ignored");
            assertTrue((ignored & 1L) != 0, "SIGHUP ignored");

            // What a Ctrl-C in the terminal sends: the JVM must not exit on it.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
            new ProcessBuilder("kill", "-HUP", Long.toString(pid)).start().waitFor();
            assertFalse(child.handle().onExit().isDone() || waitsForExit(child, 1_500), "alive after SIGINT and SIGHUP");
        } finally {
            child.terminate();
            child.awaitExit(Instant.now().plusSeconds(20));
        }
        assertFalse(child.handle().isAlive(), "SIGTERM still stops it");
        assertTrue(Files.readString(dir.resolve("sleeper.log")).contains("shutdown hook ran"),
                "SIGTERM runs the JVM's shutdown");
    }

    private static boolean waitsForExit(ChildProcess child, long millis) throws Exception {
        try {
            child.handle().onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static void awaitLog(Path log, String line) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child never logged '" + line + "'");
    }

    /** Field 6 of /proc/pid/stat; the command name before it may hold spaces, so count from its ')'. */
    private static long session(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[3]);
    }

    private static String status(long pid, String key) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(key + ":")).findFirst().orElseThrow().substring(key.length() + 1).trim();
    }

    /** A child JVM that waits to be stopped and says when its shutdown ran. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            System.out.println("sleeping");
            Thread.sleep(60_000);
        }
    }
}
