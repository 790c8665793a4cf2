package dev.lore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How much of the machine's CPU time the hypervisor gave to other guests ("steal", from the first
 * line of {@code /proc/stat}) between two points. On this shared VM steal has ranged from 5 % to
 * over 50 % within an hour, and latency and throughput figures move with it: every bench prints it
 * so that a run taken while the host was busy can be told from a change in Lore.
 */
final class CpuSteal {
    private static final Path STAT = Path.of("/proc/stat");
    private final long[] start;

    private CpuSteal(long[] start) {
        this.start = start;
    }

    static CpuSteal start() {
        return new CpuSteal(read());
    }

    /** e.g. "CPU while measuring: 71 % busy, 12 % stolen by the host" (empty where /proc/stat is missing). */
    String summary() {
        long[] end = read();
        if (start.length < 8 || end.length < 8) {
            return "";
        }
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += end[i] - start[i];
        }
        long idle = (end[3] - start[3]) + (end[4] - start[4]);
        long steal = end[7] - start[7];
        if (total <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, "CPU while measuring: %.0f %% busy, %.0f %% stolen by the host",
                100.0 * (total - idle - steal) / total, 100.0 * steal / total);
    }

    /** user nice system idle iowait irq softirq steal, in clock ticks summed over all CPUs. */
    private static long[] read() {
        try {
            String cpu = Files.readAllLines(STAT).get(0);
            return Arrays.stream(cpu.trim().split("\\s+")).skip(1).limit(8).mapToLong(Long::parseLong).toArray();
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }
}
