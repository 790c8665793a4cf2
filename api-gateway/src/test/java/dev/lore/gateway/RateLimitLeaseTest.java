package dev.lore.gateway;

import static org.junit.jupiter.api.Assertions.*;

import dev.lore.gateway.limit.RateLimiter;
import dev.lore.testsupport.KeycloakResource;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * High limits are spent from leases taken from the shared GCRA row: never more than the limit (plus
 * what the elapsed time replenished), at most a lease and a half less.
 */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = {
        @ResourceArg(name = "database", value = "lore_gateway"),
        @ResourceArg(name = "internal-token-filter", value = "false")})
@WithTestResource(ServicesResource.class)
@WithTestResource(KeycloakResource.class)
class RateLimitLeaseTest extends GatewayTest {
    private static final int RPM = 6_000;
    /** lease-span 100 ms of 6,000 a minute. */
    private static final int LEASE = 10;

    @Inject
    RateLimiter limiter;

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
}
