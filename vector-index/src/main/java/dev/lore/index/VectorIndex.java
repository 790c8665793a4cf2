package dev.lore.index;

import java.io.Closeable;
import java.util.List;
import java.util.Set;

/**
 * Where chunk vectors and their text live, and how they are searched. One collection per embedding
 * model (vectors of different models never mix); every point carries its project, and every read
 * is filtered by project first. Adapters: {@code lucene} (embedded, on local disk) and
 * {@code qdrant}. Both pass {@code VectorIndexContract}.
 *
 * <p>Visibility: a point is returned by {@link #search} and {@link #count} only while it is
 * {@code active} (its document is not deactivated) and {@code serving} (its version is the one
 * readers get; a newer version being built beside it is staged until the older one is retired).
 *
 * <p>Failures: {@link IllegalArgumentException} means the index rejects the call (do not retry);
 * {@link IndexUnavailableException} or {@link java.io.UncheckedIOException} means it could not
 * serve it now (retry later). Search hits come in no particular order.
 */
public interface VectorIndex extends Closeable {

    /** Creates the collection for an embedding model if it does not exist yet. */
    void ensureCollection(String collection, int dimension);

    /** The collections that exist. */
    Set<String> collections();

    /** Inserts or replaces points by {@link IndexPoint#pointId()}; idempotent. */
    void upsert(String collection, List<IndexPoint> points);

    /** Marks every point of a document (all versions, all collections) active or not. */
    void setActive(String projectId, String documentId, boolean active);

    /** Deletes every point of a document, all versions, all collections. */
    void deleteDocument(String projectId, String documentId);

    /**
     * Deletes the document's points of every version {@code <= version} and makes the remaining
     * (newer) points serving.
     */
    void retireVersions(String projectId, String documentId, int version);

    /** Visible points of the project matching the filter. */
    long count(String collection, String projectId, Filter filter);

    /**
     * Dense and/or keyword candidates of the project matching the filter. With both a vector and a
     * text, the result is the union of each side's top {@code candidates}, and every hit carries
     * both scores where the adapter can compute them.
     */
    List<IndexHit> search(String collection, SearchRequest request);

    /** The stored points with these ids (without vectors), in the given order; missing ids are skipped. */
    List<IndexPoint> fetch(String collection, List<String> pointIds);

    /** Durability point: once it returns, every earlier write survives a crash. */
    void commit();
}
