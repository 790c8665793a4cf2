package dev.lore.retrieval.config;

import dev.lore.llm.rerank.RerankApi;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the retrieval service reads from configuration, under {@code lore.}. */
@ConfigMapping(prefix = "lore")
public interface RetrievalConfig {

    @WithName("data-dir")
    Path dataDir();

    Embedding embedding();

    Index index();

    Worker worker();

    Search search();

    /** Rerankers callers may name ({@code rerank_version}), by name. */
    Map<String, Reranker> rerankers();

    interface Embedding {
        /** Drop-in ONNX models ({@code <provider>/<name>/model.onnx + tokenizer.json}). */
        @WithName("models-dir")
        Optional<Path> modelsDir();

        /**
         * Models to load in the background at startup, so the first upload or query after a start
         * does not wait seconds for one. Unset: the models of the index's collections, or the
         * default model on an empty index. {@code none}: load on first use only.
         */
        Optional<List<String>> preload();

        /** ONNX calls run in parallel on this many threads, one core each. */
        @WithDefault("2")
        int threads();

        /**
         * Per model id: prefix queries with the model's query instruction. Off unless set: measured
         * on SciFact, bge-small-en-v1.5 scores 0.720 nDCG@10 without it and 0.713 with it.
         */
        @WithName("query-instruction")
        Map<String, Boolean> queryInstruction();
    }

    interface Index {
        /** {@code lucene} (embedded, on local disk) or {@code qdrant}. */
        @WithDefault("lucene")
        String kind();

        Qdrant qdrant();

        interface Qdrant {
            @WithDefault("127.0.0.1")
            String host();

            @WithDefault("6334")
            int port();

            @WithName("api-key")
            Optional<String> apiKey();

            @WithDefault("false")
            boolean tls();

            @WithName("collection-prefix")
            @WithDefault("lore_")
            String collectionPrefix();

            /** Metadata keys that get a payload index (any key can be filtered; these fast). */
            @WithName("indexed-metadata")
            Optional<List<String>> indexedMetadata();
        }
    }

    interface Worker {
        /** Attempts at one message before it goes to the dead-letter topic. */
        @WithName("max-attempts")
        @WithDefault("3")
        int maxAttempts();

        /** Pause between attempts, and between retries of a failing index. */
        @WithDefault("1s")
        Duration backoff();

        /**
         * How long a batch waits for a remote embedding model that is down or overloaded (its
         * chunks are neither failed nor skipped meanwhile: the batch is retried with growing pauses
         * and the partition holds). Past it, the chunks fail with the endpoint's error.
         */
        @WithName("outage-patience")
        @WithDefault("15m")
        Duration outagePatience();

        /**
         * How long an embedded index may see only part of {@code lore.documents.v1} before the
         * instance reports not ready. Longer than the consumer group's session timeout (45 s), so
         * the partitions a crashed predecessor held come back first.
         */
        @WithName("split-grace")
        @WithDefault("60s")
        Duration splitGrace();
    }

    interface Search {
        /** Candidates each side (dense, keyword) contributes before fusion. */
        @WithDefault("100")
        int candidates();

        /** How many fused candidates a reranker sees. */
        @WithName("rerank-candidates")
        @WithDefault("50")
        int rerankCandidates();

        /**
         * The semantic share of {@code /v1/rag/query}'s blend; {@code min_similarity} thresholds
         * the blended score.
         */
        @WithName("rag-embedding-rate")
        @WithDefault("1.0")
        double ragEmbeddingRate();
    }

    interface Reranker {
        RerankApi api();

        String url();

        Optional<String> model();

        @WithName("api-key")
        Optional<String> apiKey();

        @WithDefault("10s")
        Duration timeout();
    }
}
