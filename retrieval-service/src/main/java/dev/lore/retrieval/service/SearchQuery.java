package dev.lore.retrieval.service;

import dev.lore.index.Filter;

/**
 * One hybrid search.
 *
 * @param embeddingRate weight of semantic relevance against keywords: 0 keywords only, 1 semantic only
 * @param minScore      results scoring below it are dropped (after reranking, on the rerank score)
 * @param reranker      configured reranker name, or null for none
 */
public record SearchQuery(String projectId, String text, Filter filter, int topK, double embeddingRate,
                          double minScore, String reranker) {
}
