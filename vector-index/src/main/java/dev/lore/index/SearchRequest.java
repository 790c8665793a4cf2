package dev.lore.index;

/**
 * @param projectId  the tenant; always applied first
 * @param filter     further restriction ({@link Filter#all()} for none)
 * @param vector     query embedding for dense search, or null for none
 * @param text       query text for keyword search, or null for none
 * @param candidates how many hits each side returns at most
 */
public record SearchRequest(String projectId, Filter filter, float[] vector, String text, int candidates) {

    /**
     * How wide the approximate (HNSW) search looks for the dense side's {@code candidates}: its
     * beam, Lucene's k or Qdrant's {@code hnsw_ef}. A beam of only {@code candidates} lost recall
     * on indexes of several segments and tenants (SciFact nDCG@10 at embedding_rate 1: 0.710 to
     * 0.717 between builds of the same corpus, 0.717 on every build with a beam of twice that).
     */
    public int denseBeam() {
        return 2 * candidates;
    }
}
