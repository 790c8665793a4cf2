package dev.lore.index.lucene;

import dev.lore.index.Filter;
import dev.lore.index.IndexHit;
import dev.lore.index.IndexPoint;
import dev.lore.index.SearchRequest;
import dev.lore.index.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.VectorUtil;

/**
 * The embedded index: one Lucene index per embedding model under a root directory, each holding
 * an HNSW graph (dot product over unit vectors, i.e. cosine) and a BM25 text field analysed by
 * {@link dev.lore.index.TextAnalysis}. Writes become visible and durable at {@link #commit()};
 * everything survives a restart.
 *
 * <p>Keyword scores: Lucene's BM25 score of a term approaches its idf (times the query boost) as
 * the term's frequency grows, so {@code score / Σ idf} is the share of the query's highest
 * possible score a chunk reaches: in [0, 1), in BM25's order, and meaning the same from one query
 * to the next. (It is not scaled up and clipped: that tied every strong match of a short query.)
 */
public final class LuceneVectorIndex implements VectorIndex {
    private static final String MARKER = "lore-collection.properties";

    /**
     * Projects with at most this many points get an exact dense search instead of the graph: as
     * fast at that size, and it never misses (the role of Qdrant's {@code full_scan_threshold}).
     */
    public static final int EXACT_UP_TO = 10_000;

    private final Path root;
    private final int exactUpTo;
    private final Map<String, LuceneCollection> collections = new ConcurrentHashMap<>();
    /** Searches a query's segments in parallel (the calling thread takes part). */
    private final ExecutorService searchThreads = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), runnable -> {
                Thread t = new Thread(runnable, "index-search");
                t.setDaemon(true);
                return t;
            });

    public LuceneVectorIndex(Path root) {
        this(root, EXACT_UP_TO);
    }

    /** @param exactUpTo projects of at most this many points are searched exactly (0: always the graph) */
    public LuceneVectorIndex(Path root, int exactUpTo) {
        this.root = root;
        this.exactUpTo = exactUpTo;
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(MARKER))).toList()) {
                    LuceneCollection c = LuceneCollection.open(dir, dir.resolve(MARKER), searchThreads);
                    collections.put(c.name(), c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the index at " + root, e);
        }
    }

    @Override
    public synchronized void ensureCollection(String collection, int dimension) {
        LuceneCollection existing = collections.get(collection);
        if (existing != null) {
            if (existing.dimension() != dimension) {
                throw new IllegalArgumentException("Collection " + collection + " holds " + existing.dimension()
                        + "-dimensional vectors, not " + dimension);
            }
            return;
        }
        Path dir = root.resolve(slug(collection));
        try {
            collections.put(collection, LuceneCollection.create(collection, dimension, dir, dir.resolve(MARKER),
                    searchThreads));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create collection " + collection, e);
        }
    }

    @Override
    public Set<String> collections() {
        return new TreeSet<>(collections.keySet());
    }

    @Override
    public void upsert(String collection, List<IndexPoint> points) {
        LuceneCollection c = require(collection);
        for (IndexPoint p : points) {
            if (p.vector().length != c.dimension()) {
                throw new IllegalArgumentException("Point " + p.pointId() + " has " + p.vector().length
                        + " dimensions; collection " + collection + " has " + c.dimension());
            }
        }
        io(() -> {
            for (IndexPoint p : points) {
                float[] unit = VectorUtil.l2normalize(p.vector().clone(), false);
                c.writer().updateDocument(new Term(Fields.POINT_ID, p.pointId()), Fields.document(p, unit));
            }
        });
    }

    @Override
    public void setActive(String projectId, String documentId, boolean active) {
        for (LuceneCollection c : collections.values()) {
            io(() -> c.updateFlag(projectId, documentId, Fields.ACTIVE, active));
        }
    }

    @Override
    public void deleteDocument(String projectId, String documentId) {
        for (LuceneCollection c : collections.values()) {
            io(() -> c.writer().deleteDocuments(new Term(Fields.DOC_KEY, Fields.docKey(projectId, documentId))));
        }
    }

    @Override
    public void retireVersions(String projectId, String documentId, int version) {
        for (LuceneCollection c : collections.values()) {
            io(() -> {
                c.writer().deleteDocuments(Fields.versionsUpTo(projectId, documentId, version));
                c.updateFlag(projectId, documentId, Fields.SERVING, true);
            });
        }
    }

    @Override
    public long count(String collection, String projectId, Filter filter) {
        LuceneCollection c = collections.get(collection);
        return c == null ? 0 : c.count(projectId, filter);
    }

    @Override
    public List<IndexHit> search(String collection, SearchRequest request) {
        LuceneCollection c = collections.get(collection);
        return c == null ? List.of() : c.search(request, exactUpTo);
    }

    @Override
    public List<IndexPoint> fetch(String collection, List<String> pointIds) {
        LuceneCollection c = collections.get(collection);
        return c == null ? List.of() : c.fetch(pointIds);
    }

    @Override
    public void commit() {
        for (LuceneCollection c : collections.values()) {
            io(c::commit);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (LuceneCollection c : collections.values()) {
            try {
                c.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        collections.clear();
        searchThreads.shutdown();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private LuceneCollection require(String collection) {
        LuceneCollection c = collections.get(collection);
        if (c == null) {
            throw new IllegalArgumentException("No collection " + collection + "; call ensureCollection first");
        }
        return c;
    }

    /** A directory name for a model id: readable, and distinct for distinct ids. */
    static String slug(String collection) {
        String readable = collection.replaceAll("[^A-Za-z0-9._-]", "_");
        String hash = Integer.toHexString(collection.hashCode());
        return readable + "-" + hash;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
