package dev.lore.common.thread;

import static java.lang.System.Logger.Level.DEBUG;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Threads for background work that nobody waits on (parsing a queued upload, embedding a batch of
 * chunks), run at a lower CPU priority than the threads that answer requests. On a small machine
 * that work keeps every core busy for minutes; at equal priority a request arriving meanwhile
 * queues behind it. Niced, background work still gets every cycle requests do not want, so its
 * throughput is the same while requests go first.
 */
public final class BackgroundThreads {
    /** Linux nice value of a background thread (request threads run at the process's, 0). */
    public static final int NICENESS = 10;

    private BackgroundThreads() {
    }

    /** A fixed pool of background threads named {@code name}. */
    public static ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, factory(name));
    }

    /** Daemon threads named {@code name}, each lowered to {@link #NICENESS} as it starts. */
    private static ThreadFactory factory(String name) {
        return task -> {
            Thread t = new Thread(() -> {
                lowerPriority();
                task.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Renices the calling thread, unless it already runs at that nice value or lower priority.
     * Linux applies a nice value per thread (setpriority on a thread id); Java has no call for it,
     * so this asks {@code renice}. Where that fails (not Linux, no renice) the thread keeps the
     * process's priority.
     */
    static void lowerPriority() {
        try {
            if (nice() >= NICENESS) {
                return;
            }
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICENESS), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroy();
                log("renice of background thread " + tid + " failed; it keeps the process's priority");
            }
        } catch (IOException | RuntimeException e) {
            log("Cannot lower a background thread's priority: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Looked up when needed: a static logger would start JUL before Quarkus names its log manager. */
    private static void log(String message) {
        System.getLogger(BackgroundThreads.class.getName()).log(DEBUG, message);
    }

    /** The calling thread's nice value (field 19 of its stat line). */
    static int nice() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
