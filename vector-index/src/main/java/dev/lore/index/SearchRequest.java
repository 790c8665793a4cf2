package dev.lore.index;

/**
 * @param projectId  the tenant; always applied first
 * @param filter     further restriction ({@link Filter#all()} for none)
 * @param vector     query embedding for dense search, or null for none
 * @param text       query text for keyword search, or null for none
 * @param candidates how many hits each side returns at most
 */
public record SearchRequest(String projectId, Filter filter, float[] vector, String text, int candidates) {
}
