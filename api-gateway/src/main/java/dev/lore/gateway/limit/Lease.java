package dev.lore.gateway.limit;

/**
 * Requests of one subject this replica took from the shared GCRA row ahead of time and spends
 * locally. They are already counted in the row, so spending them never admits more than the limit;
 * those left unspent at {@code maxAge} are dropped (the subject is under-served by them, never
 * over-served). A new lease is taken in the background once half of one is spent, so a busy subject
 * seldom waits for the database.
 */
final class Lease {
    final int rpm;
    final long intervalUs;
    /** Requests asked for per lease. */
    final int size;
    private final long maxAgeUs;
    /**
     * Held by the one blocking caller that asks the shared row for this lease; not the lease's own
     * monitor, which the event loop takes to spend a request and must never wait on the database.
     */
    final Object fetching = new Object();

    private int left;
    /** The shared TAT after this replica's latest lease. */
    private long tatUs;
    private long expiresUs;
    private boolean refilling;
    /** The shared row had nothing left at the last refill: wait until the lease runs dry. */
    private boolean dry;

    Lease(int rpm, long intervalUs, int size, long maxAgeUs) {
        this.rpm = rpm;
        this.intervalUs = intervalUs;
        this.size = size;
        this.maxAgeUs = maxAgeUs;
    }

    /** Spends one leased request; null when none is left. */
    synchronized RateLimiter.Decision take(long nowUs) {
        if (nowUs >= expiresUs) {
            left = 0;
        }
        if (left == 0) {
            return null;
        }
        left--;
        return decision(nowUs);
    }

    /** Adds what the shared row granted and spends one of it. */
    synchronized RateLimiter.Decision addAndTake(GcraStore.Grant grant, long nowUs) {
        add(grant, nowUs);
        left--;
        return decision(nowUs);
    }

    /** Whether the caller should start a background refill (at most one runs at a time). */
    synchronized boolean startRefill() {
        if (refilling || dry || left > size / 2) {
            return false;
        }
        refilling = true;
        return true;
    }

    /** The end of a background refill: what it got, or null when it failed. */
    synchronized void refilled(GcraStore.Grant grant, long nowUs) {
        refilling = false;
        if (grant != null && grant.refused()) {
            dry = true;
        } else if (grant != null) {
            add(grant, nowUs);
        }
    }

    private void add(GcraStore.Grant grant, long nowUs) {
        if (nowUs >= expiresUs) {
            left = 0;
        }
        left += grant.granted();
        tatUs = Math.max(tatUs, grant.tatUs());
        expiresUs = nowUs + maxAgeUs;
        dry = false;
    }

    /**
     * What the headers say: this replica's unspent requests plus the room the shared row had after
     * its latest lease; the reset counts only what was spent.
     */
    private RateLimiter.Decision decision(long nowUs) {
        long room = Math.max(0, (nowUs + RateLimiter.WINDOW_US - tatUs) / intervalUs);
        int remaining = (int) Math.min(rpm - 1, left + room);
        return new RateLimiter.Decision(true, rpm, remaining, RateLimiter.ceilSeconds(tatUs - left * intervalUs - nowUs), 0);
    }
}
