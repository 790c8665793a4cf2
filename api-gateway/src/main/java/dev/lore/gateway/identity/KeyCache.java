package dev.lore.gateway.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.lore.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * Keys resolved within the last {@code lore.gateway.key-cache.ttl}, by the SHA-256 of their secret,
 * so that most requests are admitted without reading the database (and without leaving the event
 * loop). A change made through this replica evicts the key once its transaction commits — not
 * before, or a request in between could cache the old row again; other replicas see it within the
 * TTL. Unknown secrets are never cached: a new key works at once on every replica.
 *
 * <p>A key in use is re-read in the background once half its TTL has passed, while requests go
 * on with the cached row: a busy key never expires, so no request waits for the database (nor do
 * fifty concurrent ones, all at once, every TTL).
 */
@ApplicationScoped
public class KeyCache {
    private final LoadingCache<Hash, ResolvedKey> keys;

    @Inject
    KeyCache(GatewayConfig config, KeyLookup lookup) {
        keys = Caffeine.newBuilder()
                .maximumSize(config.keyCache().maxSize())
                .expireAfterWrite(config.keyCache().ttl())
                .refreshAfterWrite(config.keyCache().ttl().dividedBy(2))
                .build(hash -> lookup.read(hash.bytes));
    }

    /** The cached key, or null; never blocks. */
    ResolvedKey get(byte[] secretHash) {
        return keys.getIfPresent(new Hash(secretHash));
    }

    /**
     * The cached key, else the stored one (null: no such key, not cached). Blocking; concurrent
     * misses for one key share a single read.
     */
    ResolvedKey load(byte[] secretHash) {
        return keys.get(new Hash(secretHash));
    }

    void evict(@Observes(during = TransactionPhase.AFTER_SUCCESS) KeyChanged change) {
        keys.invalidate(new Hash(change.secretHash()));
    }

    /** A byte array compared by content. */
    private record Hash(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Hash h && Arrays.equals(bytes, h.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Hash[…]";
        }
    }
}
