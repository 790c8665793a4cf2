package dev.lore.index;

import java.util.function.Supplier;

/**
 * @param projectId  the tenant; always applied first
 * @param filter     further restriction ({@link Filter#all()} for none)
 * @param vector     query embedding for dense search, or null for none. A supplier, so that an
 *                   index can run the keyword side while the model computes it; asked at most once
 * @param text       query text for keyword search, or null for none
 * @param candidates how many hits each side returns at most
 */
public record SearchRequest(String projectId, Filter filter, Supplier<float[]> vector, String text, int candidates) {

    /** A search with the query embedding already at hand. */
    public static SearchRequest of(String projectId, Filter filter, float[] vector, String text, int candidates) {
        return new SearchRequest(projectId, filter, vector == null ? null : () -> vector, text, candidates);
    }
}
