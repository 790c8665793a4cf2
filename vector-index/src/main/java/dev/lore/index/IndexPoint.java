package dev.lore.index;

import java.util.Map;

/**
 * One chunk in the index.
 *
 * @param pointId     UUIDv5 of (document id, version, ordinal): upserting it again replaces it
 * @param metadata    the document's metadata (a JSON object: strings, numbers, booleans, lists);
 *                    top-level keys are filterable as {@code meta.<key>}
 * @param updatedAt   epoch milliseconds of the change that produced this point
 * @param vector      unit-length embedding; null in search results
 */
public record IndexPoint(String pointId, String projectId, String knowledgeBaseId, String documentId, int version,
                         int ordinal, String documentName, String content, String title, String chunkType,
                         Integer page, Map<String, Object> metadata, boolean active, boolean serving,
                         long updatedAt, float[] vector) {

    public IndexPoint withoutVector() {
        return new IndexPoint(pointId, projectId, knowledgeBaseId, documentId, version, ordinal, documentName,
                content, title, chunkType, page, metadata, active, serving, updatedAt, null);
    }
}
