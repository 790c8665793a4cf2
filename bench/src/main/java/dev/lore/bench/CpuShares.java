package dev.lore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went between two points, per component of a stack running on this
 * machine ({@code ./lore up}), from {@code /proc} (Linux): the embedding model's threads (the
 * retrieval service's {@code onnx} pool), each service, Kafka, PostgreSQL (with its exited
 * backends), this bench, and the rest (other processes, the kernel). An ingestion can go no faster
 * than the share of the machine its model gets, so this says what a throughput figure is made of.
 * For each JVM it also gives its JIT compiler threads' part, what a freshly started stack pays
 * on top of a warm one.
 */
final class CpuShares {
    /** Linux's USER_HZ: the unit of every time in /proc. */
    private static final double TICKS_PER_SECOND = 100;
    private static final String MODEL = "model (retrieval onnx threads)";
    private static final String JIT = " JIT";
    private static final List<String> COMPONENTS = List.of(MODEL, "retrieval-service (the rest)", "ingestion-service",
            "api-gateway", "audit-service", "kafka", "postgresql", "this bench");

    private final Map<String, Long> start;
    private final long[] machineStart;

    private CpuShares(Map<String, Long> start, long[] machineStart) {
        this.start = start;
        this.machineStart = machineStart;
    }

    static CpuShares start() {
        return new CpuShares(components(), machine());
    }

    /** e.g. "CPU over the window (core-seconds): model 521.7 (83.2 %), ..."; empty without /proc. */
    String summary() {
        Map<String, Long> end = components();
        long[] machineEnd = machine();
        if (machineStart.length < 2 || machineEnd.length < 2) {
            return "";
        }
        double total = (machineEnd[0] - machineStart[0]) / TICKS_PER_SECOND;
        double idle = (machineEnd[1] - machineStart[1]) / TICKS_PER_SECOND;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "CPU over the window, core-seconds of %.1f (JIT: the JVM's compiler threads, included):", total));
        double accounted = 0;
        for (String c : COMPONENTS) {
            double s = delta(end, c);
            accounted += s;
            out.append(String.format(Locale.ROOT, "%n  %-32s %7.1f  %5.1f %%", c, s, 100 * s / total));
            if (end.containsKey(c + JIT)) {
                out.append(String.format(Locale.ROOT, "   JIT %5.1f", delta(end, c + JIT)));
            }
        }
        double rest = total - idle - accounted;
        out.append(String.format(Locale.ROOT, "%n  %-32s %7.1f  %5.1f %%", "other processes, kernel", rest,
                100 * rest / total));
        out.append(String.format(Locale.ROOT, "%n  %-32s %7.1f  %5.1f %%", "idle", idle, 100 * idle / total));
        return out.toString();
    }

    private double delta(Map<String, Long> end, String key) {
        return (end.getOrDefault(key, 0L) - start.getOrDefault(key, 0L)) / TICKS_PER_SECOND;
    }

    /**
     * CPU ticks so far per component (a process's own total includes its exited threads), and per
     * JVM its compiler threads' ({@code <component> JIT}; a compiler thread the JVM retired during
     * the window is not counted there, so that figure is a lower bound).
     */
    private static Map<String, Long> components() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    String component = Long.parseLong(proc.getFileName().toString()) == self ? "this bench"
                            : cmd.contains("retrieval-service") ? "retrieval-service (the rest)"
                            : cmd.contains("ingestion-service") ? "ingestion-service"
                            : cmd.contains("api-gateway") ? "api-gateway"
                            : cmd.contains("audit-service") ? "audit-service"
                            : cmd.contains("kafka.Kafka") ? "kafka"
                            : cmd.startsWith("postgres") || cmd.contains("/bin/postgres") ? "postgresql"
                            : null;
                    if (component == null) {
                        continue;
                    }
                    long[] stat = stat(proc.resolve("stat"));
                    // A postmaster's children's times are its exited backends and autovacuum workers.
                    long own = stat[0] + stat[1] + (component.equals("postgresql") ? stat[2] + stat[3] : 0);
                    ticks.merge(component, own, Long::sum);
                    if (!component.equals("postgresql")) {
                        ticks.merge(component + JIT, threads(proc, name -> name.matches("C[12] CompilerThre.*")),
                                Long::sum);
                    }
                    if (component.startsWith("retrieval")) {
                        long model = threads(proc, "onnx"::equals);
                        ticks.merge(MODEL, model, Long::sum);
                        ticks.merge(component, -model, Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended between listing and reading
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** CPU ticks of a process's live threads whose name (as /proc shows it, 15 characters at most) matches. */
    private static long threads(Path proc, Predicate<String> name) throws IOException {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (name.test(Files.readString(task.resolve("comm")).trim())) {
                        long[] stat = stat(task.resolve("stat"));
                        sum += stat[0] + stat[1];
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            }
        }
        return sum;
    }

    /** utime, stime, cutime, cstime of a stat line (fields 14–17; the name in parentheses may hold spaces). */
    private static long[] stat(Path file) throws IOException {
        String line = Files.readString(file);
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    /** All CPU time and idle time (idle + iowait) of the machine, in ticks. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }
}
