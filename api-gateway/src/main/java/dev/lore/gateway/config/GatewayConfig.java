package dev.lore.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "lore.gateway")
public interface GatewayConfig {

    /** Upstream services by name ({@code ingestion}, {@code retrieval}, {@code memory}, {@code audit}): base URLs. */
    Map<String, Upstream> services();

    /** Lifetime of the internal token minted per request; long enough for a slow upload or SSE stream to start. */
    @WithDefault("60s")
    Duration internalTokenTtl();

    /** Requests per minute for keys created without {@code rate_limit_rpm}, and for Keycloak users. */
    @WithDefault("60")
    int defaultRateLimitRpm();

    /** The project a new deployment starts with; all-project keys act in it unless told otherwise. */
    @WithDefault("default")
    String defaultProject();

    Bootstrap bootstrap();

    Oidc oidc();

    KeyCache keyCache();

    RateLimit rateLimit();

    Audit audit();

    interface Upstream {
        String url();
    }

    interface Bootstrap {
        /** Production: the admin key itself (sk-…, 32 characters), from a secret store. */
        Optional<String> adminKey();

        /** Local: where the generated admin key is written (mode 600) on first start. */
        Optional<String> adminKeyFile();
    }

    /** Resolved API keys, kept so that most requests read no key from the database. */
    interface KeyCache {
        /**
         * How long a resolved key is trusted without reading it again: a change made through another
         * replica (disable, revoke, new permissions) reaches this one within it; through this one, at once.
         */
        @WithDefault("2s")
        Duration ttl();

        /** Keys kept at most; the least useful are evicted first. */
        @WithDefault("10000")
        int maxSize();
    }

    /**
     * High limits are counted in leases: a replica takes several requests of a subject's allowance
     * from the shared GCRA row at once and spends them without the database.
     */
    interface RateLimit {
        /**
         * How much of a subject's rate one lease holds (100 ms of 6,000 a minute: 10 requests). Limits
         * under {@code 1 min / lease-span} a minute (1,200 by default) lease one request at a time: exact.
         */
        @WithDefault("100ms")
        Duration leaseSpan();

        /** Leased requests not spent within this are dropped: idle replicas do not hoard allowance. */
        @WithDefault("1s")
        Duration leaseMaxAge();
    }

    interface Oidc {
        /** Whether Keycloak bearer tokens are accepted (quarkus.oidc.* must then point at the realm). */
        @WithDefault("false")
        boolean enabled();

        /** Access-token claim listing the caller's project ids (Keycloak group names in the shipped realm). */
        @WithDefault("lore_projects")
        String projectsClaim();
    }

    /** Audit emission: one event per request on {@code lore.audit.v1}, never blocking a request. */
    interface Audit {
        /** Events waiting for the Kafka producer; what does not fit while Kafka is down is dropped and counted. */
        @WithDefault("10000")
        int bufferSize();

        /** How long the producer gathers events into one batch: fewer, larger requests to the broker. */
        @WithDefault("20ms")
        Duration linger();

        /** How long the producer retries an event while Kafka is unreachable before it counts as dropped. */
        @WithDefault("2m")
        Duration deliveryTimeout();
    }
}
