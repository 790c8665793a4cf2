package dev.lore.retrieval.service;

import dev.lore.index.IndexPoint;

/**
 * A search result.
 *
 * @param score          the final score in [0, 1]: the rerank score when reranked, else the blend
 *                       {@code rate · cosine + (1 − rate) · keyword}
 * @param recallPosition 1-based rank before reranking
 * @param rerankPosition 1-based rank after reranking; null when not reranked
 */
public record ScoredChunk(IndexPoint point, double score, Double denseScore, Double keywordScore,
                          int recallPosition, Double rerankScore, Integer rerankPosition) {
}
