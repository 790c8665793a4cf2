package dev.lore.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lore.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Keys resolved within the last {@code lore.gateway.key-cache.ttl}, by the SHA-256 of their secret,
 * so that most requests are admitted without reading the database (and without leaving the event
 * loop). A change made through this replica evicts the key once its transaction commits — not
 * before, or a request in between could cache the old row again; other replicas see it within the
 * TTL. Unknown secrets are never cached: a new key works at once on every replica.
 */
@ApplicationScoped
public class KeyCache {
    private final Cache<Hash, ResolvedKey> keys;

    @Inject
    KeyCache(GatewayConfig config) {
        keys = Caffeine.newBuilder()
                .maximumSize(config.keyCache().maxSize())
                .expireAfterWrite(config.keyCache().ttl())
                .build();
    }

    /** The cached key, or null; never blocks. */
    ResolvedKey get(byte[] secretHash) {
        return keys.getIfPresent(new Hash(secretHash));
    }

    /**
     * The cached key, else what {@code read} finds (null: no such key, not cached). Concurrent misses
     * for one key share a single read.
     */
    ResolvedKey get(byte[] secretHash, Function<byte[], ResolvedKey> read) {
        return keys.get(new Hash(secretHash), hash -> read.apply(hash.bytes));
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
