package dev.lore.gateway.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cached project set: one database read per cold start, none while it is in use. */
class ProjectDirectoryTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private ProjectDirectory directory() {
        return new ProjectDirectory(() -> {
            int n = reads.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Set.of("default", "read-" + n);
        }, vertx, null);
    }

    @Test
    void concurrentRequestsOnAColdDirectoryShareOneRead() throws Exception {
        ProjectDirectory directory = directory();
        assertNull(directory.cachedActiveIds());
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Set<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return directory.activeIds();
                }));
            }
            go.countDown();
            for (Future<Set<String>> a : answers) {
                assertEquals(Set.of("default", "read-1"), a.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, reads.get());
    }

    @Test
    void aDirectoryInUseIsReReadInTheBackground() {
        ProjectDirectory directory = directory();
        assertTrue(directory.isActive("read-1"));
        directory.refreshIfInUse();
        // the cached set is served while the re-read runs, then replaced by it
        assertEquals(Set.of("default", "read-1"), directory.cachedActiveIds());
        await().atMost(Duration.ofSeconds(5)).until(() -> directory.cachedActiveIds().contains("read-2"));
        assertEquals(2, reads.get());
    }

    @Test
    void anInvalidatedDirectoryIsReadAgain() {
        ProjectDirectory directory = directory();
        assertTrue(directory.isActive("read-1"));
        directory.invalidate();
        assertNull(directory.cachedActiveIds());
        assertTrue(directory.isActive("read-2"));
    }
}
