package dev.lore.common.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundThreadsTest {

    @Test
    void backgroundThreadsRunNicedAndTheCallerKeepsItsPriority() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "needs Linux /proc");
        int own = BackgroundThreads.nice();
        assumeTrue(own < BackgroundThreads.NICENESS, "the test runs niced already");
        ExecutorService pool = BackgroundThreads.pool("background", 2);
        try {
            for (int i = 0; i < 4; i++) {
                assertEquals(BackgroundThreads.NICENESS,
                        (int) pool.submit(BackgroundThreads::nice).get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(own, BackgroundThreads.nice(), "only the pool's threads are reniced");
    }
}
