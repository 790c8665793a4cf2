package dev.lore.ingestion.service;

import dev.lore.chunking.ChunkStrategy;
import dev.lore.chunking.ChunkingOptions;
import dev.lore.common.error.LoreException;
import java.util.List;

/** Resolves chunking settings: explicit values over defaults, validated with the API's names. */
public final class ChunkingSettings {
    private static final List<String> PARAMS = List.of("chunk_strategy", "chunk_size", "chunk_overlap",
            "chunk_semantic_threshold");

    private ChunkingSettings() {}

    public static ChunkingOptions resolve(String strategy, Integer size, Integer overlap, Double threshold,
                                          ChunkingOptions defaults) {
        try {
            ChunkingOptions o = new ChunkingOptions(
                    strategy == null || strategy.isBlank() ? defaults.strategy() : ChunkStrategy.parse(strategy),
                    size == null ? defaults.chunkSize() : size,
                    overlap == null ? Math.min(defaults.chunkOverlap(), (size == null ? defaults.chunkSize() : size) / 2)
                            : overlap,
                    threshold == null ? defaults.semanticThreshold() : threshold);
            o.validate();
            return o;
        } catch (IllegalArgumentException e) {
            // The chunking module's messages start with the field they are about.
            String msg = String.valueOf(e.getMessage());
            String param = msg.startsWith("Unknown chunk strategy") ? "chunk_strategy"
                    : PARAMS.stream().filter(msg::startsWith).findFirst().orElse(null);
            throw LoreException.badRequest(e.getMessage(), param);
        }
    }
}
