package dev.lore.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers the processes of a run in {@code <data>/pids}. The shutdown hook stops them normally;
 * this catches the one case it cannot, a launcher killed with SIGKILL: the next {@code ./lore up}
 * on the same data dir (which then holds the lock, so nobody else owns them) stops the leftovers.
 * The start time guards against a recycled pid.
 */
final class Orphans {

    private final Path file;

    Orphans(Path dataDir) {
        this.file = dataDir.resolve("pids");
    }

    synchronized void remember(String name, ProcessHandle process) throws IOException {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        Files.writeString(file, process.pid() + " " + started + " " + name + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Stops what a killed launcher left running, newest first so services go before what they use. */
    void stopLeftovers(PrintStream out) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file).reversed()) {
            String[] fields = line.split(" ", 3);
            if (fields.length == 3) {
                leftover(Long.parseLong(fields[0]), Long.parseLong(fields[1])).ifPresent(process -> {
                    out.printf("%-10s stopping pid %d, left running by a launcher that was killed%n",
                            fields[2], process.pid());
                    process.destroy();
                    process.onExit().completeOnTimeout(process, ChildProcess.STOP_GRACE.toSeconds(), TimeUnit.SECONDS).join();
                    process.destroyForcibly();
                });
            }
        }
        forget();
    }

    void forget() throws IOException {
        Files.deleteIfExists(file);
    }

    private static Optional<ProcessHandle> leftover(long pid, long started) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p ->
                p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started);
    }
}
