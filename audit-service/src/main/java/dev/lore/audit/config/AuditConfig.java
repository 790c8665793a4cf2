package dev.lore.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "lore")
public interface AuditConfig {

    /** Where export files are written. */
    @WithName("data-dir")
    Path dataDir();

    Audit audit();

    interface Audit {
        /**
         * How long events are kept. Enforced a month at a time: a monthly partition is dropped
         * once all of it is older than this.
         */
        @WithDefault("365d")
        Duration retention();

        /** An event stamped further ahead than this (a skewed clock) is dead-lettered. */
        @WithDefault("1d")
        Duration maxClockSkew();

        List list();

        Export export();

        Ingest ingest();
    }

    interface List {
        /**
         * Rows a listing counts and pages through at most; beyond it {@code total} is capped and
         * deeper pages are refused (narrow the filters, or export).
         */
        @WithDefault("10000")
        int maxWindow();
    }

    interface Export {
        /** Parallel export jobs per instance. */
        @WithDefault("1")
        int workers();

        /** A completed export's file is deleted, and the job expires, this long after it finished. */
        @WithDefault("24h")
        Duration ttl();

        /** A running job whose heartbeat is older than this (its instance died) is restarted. */
        @WithDefault("30s")
        Duration lease();

        /** Attempts at one job before it is failed. */
        @WithDefault("3")
        int maxAttempts();

        /** Rows fetched from PostgreSQL per round trip while streaming. */
        @WithDefault("2000")
        int fetchSize();
    }

    interface Ingest {
        /** Pause between attempts while PostgreSQL is unavailable (the partition waits). */
        @WithDefault("1s")
        Duration backoff();
    }
}
