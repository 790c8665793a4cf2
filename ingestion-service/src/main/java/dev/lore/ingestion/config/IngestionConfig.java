package dev.lore.ingestion.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "lore")
public interface IngestionConfig {

    /** Where original files and their Markdown are kept. */
    @WithName("data-dir")
    Path dataDir();

    Ingestion ingestion();

    interface Ingestion {
        @WithDefault("100M")
        MemorySize maxUploadSize();

        Pipeline pipeline();

        Outbox outbox();

        Defaults defaults();
    }

    interface Pipeline {
        /**
         * Documents parsed and chunked at once; each is CPU-bound. 0 leaves parsing to other
         * instances: this one only takes uploads.
         */
        @WithDefault("2")
        int workers();

        /**
         * Small queued files a worker claims and stores at once (one transaction for the batch);
         * larger files go one at a time.
         */
        @WithDefault("16")
        int batchSize();

        /** A parse that runs longer is abandoned and the document fails. */
        @WithDefault("120s")
        Duration parseTimeout();

        /** A claim older than this (a crashed worker) makes the document claimable again. */
        @WithDefault("10m")
        Duration lease();

        /** Claims of one document before it is failed as a poison file. */
        @WithDefault("3")
        int maxAttempts();

        /** How often idle workers look for work they were not told about. */
        @WithDefault("1s")
        Duration pollInterval();
    }

    interface Outbox {
        @WithDefault("500")
        int batchSize();

        /**
         * How often the relay looks for rows it was not told about (another instance's, or left
         * by a crash); this instance's commits wake it at once.
         */
        @WithDefault("2s")
        Duration pollInterval();

        /** Partitions of lore.documents.v1 when the relay creates it. */
        @WithDefault("4")
        int partitions();

        /** Sent rows are kept this long for inspection, then deleted. */
        @WithDefault("1h")
        Duration retention();
    }

    interface Defaults {
        @WithDefault("baai/bge-small-en-v1.5")
        String embeddingModel();

        @WithDefault("recursive")
        String chunkStrategy();

        /**
         * Tokens per chunk for a new knowledge base, fitted to its model's input limit where that
         * is smaller (510 for bge-small, 126 for all-MiniLM): a chunk the model can read whole.
         */
        @WithDefault("512")
        int chunkSize();

        @WithDefault("40")
        int chunkOverlap();

        /** bge-small scores neighbouring sentences of one topic 0.5–0.7 and a topic change below 0.45. */
        @WithDefault("0.5")
        double chunkSemanticThreshold();
    }
}
