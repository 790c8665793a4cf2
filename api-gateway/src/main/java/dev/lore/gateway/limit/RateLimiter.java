package dev.lore.gateway.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lore.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Requests per minute per key or user, shared by every gateway replica through PostgreSQL (which
 * every replica already needs, so no new moving part).
 *
 * <p>The algorithm is GCRA: a subject's state is one timestamp, its theoretical arrival time (TAT).
 * Each request moves it one emission interval ({@code 60 s / rpm}) forward; a request is refused
 * when that would put the TAT more than a minute ahead of now. A subject may thus burst its whole
 * minute's allowance and is then paced, with no window boundaries to game. The check-and-move is
 * one atomic statement ({@link GcraStore}), so replicas never both spend the last request.
 *
 * <p>Limits under {@code 1 min / lease-span} (1,200 a minute by default) move the row once per
 * request: exact, across replicas. Higher ones move it a {@link Lease} at a time — {@code lease-span}
 * of the rate, 1/600 of the minute by default — which this replica then spends without the
 * database; a replica holds back at most about one and a half leases.
 */
@ApplicationScoped
public class RateLimiter {
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    static final long WINDOW_US = 60_000_000L;

    private final GcraStore store;
    private final Vertx vertx;
    private final long leaseSpanUs;
    private final long leaseMaxAgeUs;
    /** Unused for a lease's lifetime, a lease holds nothing: forget it. */
    private final Cache<String, Lease> leases;

    /** The verdict and what the {@code x-ratelimit-*} headers say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}

    @Inject
    RateLimiter(GcraStore store, Vertx vertx, GatewayConfig config) {
        this.store = store;
        this.vertx = vertx;
        this.leaseSpanUs = config.rateLimit().leaseSpan().toNanos() / 1_000;
        this.leaseMaxAgeUs = config.rateLimit().leaseMaxAge().toNanos() / 1_000;
        this.leases = Caffeine.newBuilder().expireAfterAccess(config.rateLimit().leaseMaxAge()).build();
    }

    /**
     * Spends one request of the subject's lease on this replica without blocking; null when the
     * shared row must be asked ({@link #acquire}): an exact limit, or no leased request left.
     */
    public Decision tryAcquireLocally(String subject, int rpm) {
        if (leaseSize(rpm) == 1) {
            return null;
        }
        Lease lease = leases.getIfPresent(subject);
        if (lease == null || lease.rpm != rpm) {
            return null;
        }
        Decision decision = lease.take(nowUs());
        if (decision != null && lease.startRefill()) {
            refillInBackground(subject, lease);
        }
        return decision;
    }

    /** Spends one request, asking the shared row when needed. Blocking: call it off the event loop. */
    public Decision acquire(String subject, int rpm) {
        long now = nowUs();
        long interval = WINDOW_US / Math.max(1, rpm);
        int size = leaseSize(rpm);
        if (size == 1) {
            GcraStore.Grant grant = store.take(subject, interval, 1, now, WINDOW_US);
            return grant.refused() ? refusal(grant, rpm, interval, now)
                    : new Decision(true, rpm, (int) Math.max(0, (now + WINDOW_US - grant.tatUs()) / interval),
                    ceilSeconds(grant.tatUs() - now), 0);
        }
        Lease lease = leases.asMap().compute(subject, (s, current) -> current != null && current.rpm == rpm
                ? current : new Lease(rpm, interval, size, leaseMaxAgeUs));
        Decision local = lease.take(now);
        if (local != null) {
            return local;
        }
        // One read of the shared row per empty lease: a burst after a quiet second (the lease has
        // expired) would otherwise send every waiting request to the database for a lease of its own.
        synchronized (lease.fetching) {
            local = lease.take(nowUs());
            if (local != null) {
                return local;
            }
            now = nowUs();
            GcraStore.Grant grant = store.take(subject, interval, size, now, WINDOW_US);
            return grant.refused() ? refusal(grant, rpm, interval, now) : lease.addAndTake(grant, nowUs());
        }
    }

    private void refillInBackground(String subject, Lease lease) {
        vertx.executeBlocking(() -> {
            GcraStore.Grant grant = null;
            try {
                grant = store.take(subject, lease.intervalUs, lease.size, nowUs(), WINDOW_US);
            } catch (RuntimeException e) {
                LOG.debugf(e, "Background rate-limit lease for %s failed", subject);
            } finally {
                lease.refilled(grant, nowUs());
            }
            return null;
        }, false);
    }

    /** Requests per lease: {@code lease-span} of the rate, at least one, at most the whole minute. */
    private int leaseSize(int rpm) {
        return (int) Math.max(1, Math.min(rpm, rpm * leaseSpanUs / WINDOW_US));
    }

    private static Decision refusal(GcraStore.Grant grant, int rpm, long interval, long now) {
        long retryAfter = Math.max(1, ceilSeconds(grant.tatUs() + interval - WINDOW_US - now));
        return new Decision(false, rpm, 0, ceilSeconds(grant.tatUs() - now), retryAfter);
    }

    private static long nowUs() {
        return System.currentTimeMillis() * 1000;
    }

    static long ceilSeconds(long micros) {
        return Math.max(0, (micros + 999_999) / 1_000_000);
    }
}
