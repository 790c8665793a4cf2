package dev.lore.gateway;

import static org.junit.jupiter.api.Assertions.*;

import dev.lore.gateway.limit.RateLimiter;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * High limits are spent from leases taken from the shared GCRA row: never more than the limit (plus
 * what the elapsed time replenished), at most a lease and a half less.
 */
@QuarkusTest
class RateLimitLeaseTest extends GatewayTest {
    private static final int RPM = 6_000;
    /** lease-span 100 ms of 6,000 a minute. */
    private static final int LEASE = 10;

    @Inject
    RateLimiter limiter;
    @Inject
    AgroalDataSource db;

    @Test
    void aLeasedLimitAdmitsItsAllowanceAndNoMore() {
        String subject = "key:" + unique("lease");
        long start = System.nanoTime();
        int admitted = 0;
        RateLimiter.Decision decision;
        while (true) {
            decision = limiter.tryAcquireLocally(subject, RPM);
            if (decision == null) {
                decision = limiter.acquire(subject, RPM);
            }
            if (!decision.allowed()) {
                break;
            }
            assertEquals(RPM, decision.limit());
            assertTrue(decision.remaining() >= 0 && decision.remaining() < RPM, "remaining " + decision.remaining());
            admitted++;
            assertTrue(admitted <= 2 * RPM, "never refused");
        }
        long replenished = (System.nanoTime() - start) / 10_000_000 + 1;
        assertTrue(admitted <= RPM + replenished, admitted + " admitted, allowance " + RPM + " + " + replenished);
        assertTrue(admitted >= RPM - LEASE * 3 / 2, admitted + " admitted, allowance " + RPM);
        assertEquals(0, decision.remaining());
        assertTrue(decision.retryAfterSeconds() >= 1);
    }

    @Test
    void limitsUnderALeaseOfTwoStayExact() {
        String subject = "key:" + unique("exact");
        for (int i = 0; i < 3; i++) {
            assertNull(limiter.tryAcquireLocally(subject, 1_000), "1,000 a minute is counted request by request");
            assertEquals(999 - i, limiter.acquire(subject, 1_000).remaining(), 1, "request " + i);
        }
    }

    @Test
    void aBurstOnAnEmptyLeaseTakesOneLeaseAtATime() throws Exception {
        String subject = "key:" + unique("burst");
        int burst = 40;
        ExecutorService threads = Executors.newFixedThreadPool(burst);
        long releasedUs;
        // The shared row is held by another transaction (a slow database) while the burst arrives.
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("insert into rate_limits (subject, tat_us, granted) values (?, 0, 0)")) {
                s.setString(1, subject);
                s.executeUpdate();
            }
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select tat_us from rate_limits where subject = ? for update")) {
                s.setString(1, subject);
                s.executeQuery().close();
            }
            List<Future<RateLimiter.Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                decisions.add(threads.submit(() -> limiter.acquire(subject, RPM)));
            }
            Thread.sleep(500);
            c.commit();
            releasedUs = System.currentTimeMillis() * 1000;
            for (Future<RateLimiter.Decision> d : decisions) {
                assertTrue(d.get().allowed());
            }
        } finally {
            threads.shutdownNow();
        }
        // Each lease moved the shared row LEASE intervals (10 ms at 6,000 a minute) ahead of its release.
        long taken;
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select tat_us from rate_limits where subject = ?")) {
            s.setString(1, subject);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                taken = (r.getLong(1) - releasedUs) / 10_000;
            }
        }
        assertTrue(taken <= burst + LEASE, burst + " concurrent requests took " + taken + " from the shared row");
    }
}
