package dev.lore.index;

/**
 * A search candidate: scores only. Load the points worth returning with
 * {@link VectorIndex#fetch}, so a search reads stored text for the final few hits, not for
 * every candidate.
 *
 * @param denseScore   cosine similarity to the query vector in [-1, 1]; null when not computed
 * @param keywordScore keyword relevance in [0, 1], comparable across queries (see the adapter);
 *                     0 when the point holds none of the query's terms; null when not computed
 */
public record IndexHit(String pointId, Double denseScore, Double keywordScore) {
}
