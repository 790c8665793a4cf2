package dev.lore.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/** A JVM the launcher started (Kafka or a service), writing stdout and stderr to its log. */
final class ChildProcess {

    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /**
     * A Ctrl-C (or a closed terminal) must reach only the launcher, whose shutdown hook stops
     * services before Kafka before PostgreSQL, instead of all of them at once. So each child starts
     * with SIGINT and SIGHUP ignored, which the JVM keeps across exec and leaves alone; SIGTERM
     * still runs its shutdown. The child stays in the launcher's session on purpose: with
     * setsid, Linux put each service in its own scheduling autogroup, which shares the CPU group by
     * group, not thread by thread, and ignores nice between groups. A background service's
     * garbage collection then took half the machine while the gateway's event loops, woken by a
     * request, waited up to 30 ms for a core (seen with {@code perf sched}).
     */
    private static final List<String> SHIELDED = Files.isExecutable(Path.of("/bin/sh"))
            ? List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$0\" \"$@\"")
            : List.of();

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log)
            throws StartupException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(SHIELDED.stream(), command.stream()).toList())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // nothing ever types into a service
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new StartupException(name, "cannot run " + command.getFirst() + ": " + e.getMessage(), log, e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Fails with the exit code and log tail if the process has already ended. */
    void requireAlive() throws StartupException {
        if (!process.isAlive()) {
            throw new StartupException(name, "process exited with code " + process.exitValue(), log);
        }
    }

    /** Reports an exit the launcher did not ask for, e.g. a service crashing after startup. */
    void whenExited(IntConsumer action) {
        process.onExit().thenAccept(p -> action.accept(p.exitValue()));
    }

    /** SIGTERM: lets Kafka and Quarkus run their own shutdown. */
    void terminate() {
        process.destroy();
    }

    /** Waits until the deadline, then kills the process and anything it started. */
    void awaitExit(Instant deadline) {
        try {
            long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        terminate();
        awaitExit(Instant.now().plus(STOP_GRACE));
    }
}
