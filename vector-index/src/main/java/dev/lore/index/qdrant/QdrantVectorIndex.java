package dev.lore.index.qdrant;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.namedVectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import dev.lore.index.Filter;
import dev.lore.index.IndexHit;
import dev.lore.index.IndexPoint;
import dev.lore.index.IndexUnavailableException;
import dev.lore.index.SearchRequest;
import dev.lore.index.VectorIndex;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.VectorFactory;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.KeywordIndexParams;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.BatchResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SetPayloadPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The index in a Qdrant server, over gRPC. One collection per embedding model, named from the model
 * id by {@link CollectionNames}; each point carries a named dense vector {@code dense} (cosine) and a
 * named sparse vector {@code text} with Qdrant's IDF modifier, so keyword search is BM25 computed by
 * Qdrant (see {@link KeywordVectors}). The project id is a tenant-keyed payload index, so Qdrant keeps
 * each project's points together.
 *
 * <p>Keyword scores are Qdrant's raw BM25 score {@code s} reported as {@code s / (s + 1)}: in [0, 1),
 * ordered like {@code s}, and the same function for every query. They are not the Lucene adapter's
 * numbers: Qdrant does not expose the document frequencies that adapter's bound is made of.
 *
 * <p>Every write waits until Qdrant has applied it, so it is visible to reads as soon as the call
 * returns. Every call gives up after {@value #TIMEOUT_SECONDS} seconds. A request Qdrant rejects
 * fails with {@link IllegalArgumentException}; an unreachable, slow or failing Qdrant with
 * {@link IndexUnavailableException}, so writers can retry the one and not the other.
 */
public final class QdrantVectorIndex implements VectorIndex {
    static final String DENSE = "dense";
    static final String TEXT = "text";
    private static final long TIMEOUT_SECONDS = 30;
    /** Keeps an upsert request to a few MB (vectors and text of this many chunks). */
    private static final int UPSERT_BATCH = 256;

    private final QdrantClient client;
    private final CollectionNames names;
    private final List<PayloadIndex> payloadIndexes;
    /** Collections seen to exist, so reads need not ask Qdrant again. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public QdrantVectorIndex(QdrantSettings settings) {
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient
                .newBuilder(settings.host(), settings.grpcPort(), settings.useTls())
                // A deadline on every call, so Qdrant stops work the caller has stopped waiting for.
                .withTimeout(Duration.ofSeconds(TIMEOUT_SECONDS));
        if (settings.apiKey() != null) {
            grpc.withApiKey(settings.apiKey());
        }
        this.client = new QdrantClient(grpc.build());
        this.names = new CollectionNames(settings.collectionPrefix());
        this.payloadIndexes = payloadIndexes(settings.metadataIndexKeys());
    }

    private record PayloadIndex(String field, FieldType type, PayloadIndexParams params) {
    }

    private static List<PayloadIndex> payloadIndexes(List<String> metadataKeys) {
        List<PayloadIndex> indexes = new ArrayList<>();
        indexes.add(new PayloadIndex(Payloads.PROJECT_ID, FieldType.FieldTypeKeyword, PayloadIndexParams.newBuilder()
                .setKeywordIndexParams(KeywordIndexParams.newBuilder().setIsTenant(true)).build()));
        for (String keyword : List.of(Payloads.KB_ID, Payloads.DOCUMENT_ID, Payloads.DOCUMENT_NAME)) {
            indexes.add(new PayloadIndex(keyword, FieldType.FieldTypeKeyword, null));
        }
        indexes.add(new PayloadIndex(Payloads.ACTIVE, FieldType.FieldTypeBool, null));
        indexes.add(new PayloadIndex(Payloads.SERVING, FieldType.FieldTypeBool, null));
        indexes.add(new PayloadIndex(Payloads.VERSION, FieldType.FieldTypeInteger, null));
        for (String key : metadataKeys) {
            indexes.add(new PayloadIndex(Filter.META_PREFIX + key, FieldType.FieldTypeKeyword, null));
        }
        return List.copyOf(indexes);
    }

    /** {@inheritDoc} Also adds the payload indexes an existing collection lacks, e.g. for newly configured metadata keys. */
    @Override
    public void ensureCollection(String collection, int dimension) {
        String name = names.qdrantName(collection);
        if (!exists(name)) {
            try {
                await(client.createCollectionAsync(createCollection(name, dimension)), "create collection " + name);
            } catch (RuntimeException e) {
                // Another writer may have created it in the meantime.
                if (!exists(name)) {
                    throw e;
                }
            }
        }
        CollectionInfo info = await(client.getCollectionInfoAsync(name), "describe collection " + name);
        VectorParams dense = info.getConfig().getParams().getVectorsConfig().getParamsMap().getMapMap().get(DENSE);
        if (dense == null || dense.getSize() != dimension) {
            throw new IllegalArgumentException("Qdrant collection " + name + " does not hold " + dimension
                    + "-dimensional '" + DENSE + "' vectors: " + info.getConfig().getParams().getVectorsConfig());
        }
        for (PayloadIndex index : payloadIndexes) {
            if (!info.containsPayloadSchema(index.field())) {
                CreateFieldIndexCollection.Builder request = CreateFieldIndexCollection.newBuilder()
                        .setCollectionName(name).setWait(true).setFieldName(index.field()).setFieldType(index.type());
                if (index.params() != null) {
                    request.setFieldIndexParams(index.params());
                }
                await(client.createPayloadIndexAsync(request.build(), null), "index " + index.field() + " in " + name);
            }
        }
        known.add(name);
    }

    private static CreateCollection createCollection(String name, int dimension) {
        return CreateCollection.newBuilder()
                .setCollectionName(name)
                .setVectorsConfig(VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder()
                        .putMap(DENSE, VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Cosine).build())))
                .setSparseVectorsConfig(SparseVectorConfig.newBuilder()
                        .putMap(TEXT, SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build()))
                .build();
    }

    @Override
    public Set<String> collections() {
        return new TreeSet<>(loreCollections().values());
    }

    /** The collections under this adapter's prefix: model id by Qdrant name. */
    private Map<String, String> loreCollections() {
        Map<String, String> lore = new HashMap<>();
        for (String name : await(client.listCollectionsAsync(), "list collections")) {
            names.model(name).ifPresent(model -> lore.put(name, model));
        }
        return lore;
    }

    @Override
    public void upsert(String collection, List<IndexPoint> points) {
        String name = names.qdrantName(collection);
        for (int from = 0; from < points.size(); from += UPSERT_BATCH) {
            List<PointStruct> batch = points.subList(from, Math.min(from + UPSERT_BATCH, points.size())).stream()
                    .map(QdrantVectorIndex::pointStruct).toList();
            await(client.upsertAsync(UpsertPoints.newBuilder().setCollectionName(name).setWait(true)
                    .addAllPoints(batch).build()), "upsert into " + name);
        }
    }

    private static PointStruct pointStruct(IndexPoint p) {
        Map<String, Vector> vectors = new HashMap<>();
        vectors.put(DENSE, VectorFactory.vector(p.vector()));
        SortedMap<Integer, Float> terms = KeywordVectors.document(p.content());
        if (!terms.isEmpty()) {
            vectors.put(TEXT, KeywordVectors.vector(terms));
        }
        return PointStruct.newBuilder()
                .setId(pointId(p.pointId()))
                .setVectors(namedVectors(vectors))
                .putAllPayload(Payloads.payload(p))
                .build();
    }

    @Override
    public void setActive(String projectId, String documentId, boolean active) {
        PointsSelector document = select(QdrantFilters.document(projectId, documentId));
        for (String name : loreCollections().keySet()) {
            await(client.setPayloadAsync(SetPayloadPoints.newBuilder().setCollectionName(name).setWait(true)
                    .putPayload(Payloads.ACTIVE, value(active)).setPointsSelector(document).build(), null),
                    "set active in " + name);
        }
    }

    @Override
    public void deleteDocument(String projectId, String documentId) {
        PointsSelector document = select(QdrantFilters.document(projectId, documentId));
        for (String name : loreCollections().keySet()) {
            await(client.deleteAsync(DeletePoints.newBuilder().setCollectionName(name).setWait(true)
                    .setPoints(document).build()), "delete document in " + name);
        }
    }

    /** One batch per collection, applied in order, so the gap with no serving version is as short as it can be. */
    @Override
    public void retireVersions(String projectId, String documentId, int version) {
        List<PointsUpdateOperation> operations = List.of(
                PointsUpdateOperation.newBuilder().setDeletePoints(PointsUpdateOperation.DeletePoints.newBuilder()
                        .setPoints(select(QdrantFilters.versionsUpTo(projectId, documentId, version)))).build(),
                PointsUpdateOperation.newBuilder().setSetPayload(PointsUpdateOperation.SetPayload.newBuilder()
                        .putPayload(Payloads.SERVING, value(true))
                        .setPointsSelector(select(QdrantFilters.document(projectId, documentId)))).build());
        for (String name : loreCollections().keySet()) {
            await(client.batchUpdateAsync(name, operations, true, null, null), "retire versions in " + name);
        }
    }

    @Override
    public long count(String collection, String projectId, Filter filter) {
        String name = names.qdrantName(collection);
        if (!exists(name)) {
            return 0;
        }
        return await(client.countAsync(name, QdrantFilters.visible(projectId, filter), true), "count in " + name);
    }

    @Override
    public List<IndexHit> search(String collection, SearchRequest request) {
        String name = names.qdrantName(collection);
        boolean dense = request.vector() != null;
        boolean keyword = request.text() != null;
        if (request.candidates() <= 0 || !dense && !keyword || !exists(name)) {
            return List.of();
        }
        float[] vector = dense ? request.vector().get() : null;
        // Text of stop words only asks for keywords and can match none.
        SortedMap<Integer, Float> terms = keyword ? KeywordVectors.query(request.text()) : new TreeMap<>();
        Common.Filter visible = QdrantFilters.visible(request.projectId(), request.filter());

        List<QueryPoints> queries = new ArrayList<>();
        if (dense) {
            queries.add(denseQuery(name, vector, visible, request.candidates()));
        }
        if (!terms.isEmpty()) {
            queries.add(keywordQuery(name, terms, visible, request.candidates()));
        }
        if (queries.isEmpty()) {
            return List.of();
        }
        List<BatchResult> results = await(client.queryBatchAsync(name, queries), "search in " + name);
        // Per point id: {dense score, keyword score}, null where not known yet; dense hits first.
        Map<String, Double[]> scores = new LinkedHashMap<>();
        int next = 0;
        if (dense) {
            for (ScoredPoint p : results.get(next++).getResultList()) {
                scores.put(p.getId().getUuid(), new Double[] {(double) p.getScore(), null});
            }
        }
        if (!terms.isEmpty()) {
            for (ScoredPoint p : results.get(next).getResultList()) {
                scores.computeIfAbsent(p.getId().getUuid(), id -> new Double[2])[1] =
                        KeywordVectors.normalise(p.getScore());
            }
        }
        if (dense && keyword) {
            fillMissingScores(name, vector, terms, scores);
        }
        List<IndexHit> hits = new ArrayList<>(scores.size());
        scores.forEach((id, s) -> hits.add(new IndexHit(id, dense ? s[0] : null, keyword ? s[1] : null)));
        return hits;
    }

    /**
     * Scores each hit on the side that did not return it, by repeating that side's query over just
     * those points. A point the keyword query does not return holds none of its terms: score 0.
     */
    private void fillMissingScores(String name, float[] vector, SortedMap<Integer, Float> terms,
                                   Map<String, Double[]> scores) {
        List<String> noDense = missing(scores, 0);
        List<String> noKeyword = missing(scores, 1);
        boolean scoreDense = !noDense.isEmpty();
        boolean scoreKeyword = !noKeyword.isEmpty() && !terms.isEmpty();
        List<QueryPoints> queries = new ArrayList<>();
        if (scoreDense) {
            queries.add(denseQuery(name, vector, only(noDense), noDense.size()).toBuilder()
                    .setParams(SearchParams.newBuilder().setExact(true)).build());
        }
        if (scoreKeyword) {
            queries.add(keywordQuery(name, terms, only(noKeyword), noKeyword.size()));
        }
        List<BatchResult> results = queries.isEmpty() ? List.of()
                : await(client.queryBatchAsync(name, queries), "score hits in " + name);
        int next = 0;
        if (scoreDense) {
            for (ScoredPoint p : results.get(next++).getResultList()) {
                scores.get(p.getId().getUuid())[0] = (double) p.getScore();
            }
        }
        if (scoreKeyword) {
            for (ScoredPoint p : results.get(next).getResultList()) {
                scores.get(p.getId().getUuid())[1] = KeywordVectors.normalise(p.getScore());
            }
        }
        scores.values().forEach(s -> {
            for (int side = 0; side < 2; side++) {
                if (s[side] == null) {
                    s[side] = 0.0;
                }
            }
        });
    }

    private static List<String> missing(Map<String, Double[]> scores, int side) {
        return scores.entrySet().stream().filter(e -> e.getValue()[side] == null).map(Map.Entry::getKey).toList();
    }

    private static Common.Filter only(List<String> pointIds) {
        return Common.Filter.newBuilder()
                .addMust(hasId(pointIds.stream().map(QdrantVectorIndex::pointId).toList()))
                .build();
    }

    private static QueryPoints denseQuery(String name, float[] vector, Common.Filter filter, int limit) {
        return QueryPoints.newBuilder().setCollectionName(name).setUsing(DENSE).setQuery(nearest(vector))
                .setFilter(filter).setLimit(limit).setWithPayload(enable(false)).build();
    }

    private static QueryPoints keywordQuery(String name, SortedMap<Integer, Float> terms, Common.Filter filter,
                                            int limit) {
        return QueryPoints.newBuilder().setCollectionName(name).setUsing(TEXT).setQuery(KeywordVectors.nearest(terms))
                .setFilter(filter).setLimit(limit).setWithPayload(enable(false)).build();
    }

    @Override
    public List<IndexPoint> fetch(String collection, List<String> pointIds) {
        String name = names.qdrantName(collection);
        if (pointIds.isEmpty() || !exists(name)) {
            return List.of();
        }
        List<RetrievedPoint> found = await(client.retrieveAsync(name,
                pointIds.stream().map(QdrantVectorIndex::pointId).toList(), true, false, null), "fetch from " + name);
        Map<String, RetrievedPoint> byId = found.stream()
                .collect(Collectors.toMap(p -> p.getId().getUuid(), Function.identity()));
        List<IndexPoint> points = new ArrayList<>(found.size());
        for (String id : pointIds) {
            RetrievedPoint p = byId.get(pointId(id).getUuid());
            if (p != null) {
                points.add(Payloads.point(p.getId().getUuid(), p.getPayloadMap()));
            }
        }
        return points;
    }

    /** A no-op: a write Qdrant has acknowledged (and every write here waits for that) is in its write-ahead log. */
    @Override
    public void commit() {
    }

    @Override
    public void close() {
        client.close();
    }

    private boolean exists(String name) {
        if (known.contains(name)) {
            return true;
        }
        boolean exists = await(client.collectionExistsAsync(name), "look up collection " + name);
        if (exists) {
            known.add(name);
        }
        return exists;
    }

    /** Qdrant's canonical form of the UUID, the one its results carry. */
    private static PointId pointId(String uuid) {
        return id(UUID.fromString(uuid));
    }

    private static PointsSelector select(Common.Filter filter) {
        return PointsSelector.newBuilder().setFilter(filter).build();
    }

    /**
     * Blocks on a call. Qdrant's rejection of a request (bad input, no such collection) is the
     * caller's to fix: {@link IllegalArgumentException}. Anything else may pass if tried again.
     */
    static <T> T await(Future<T> call, String what) {
        try {
            return call.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new IndexUnavailableException("Interrupted: Qdrant " + what, e);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IndexUnavailableException("Qdrant " + what + " took over " + TIMEOUT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            String message = "Qdrant " + what + " failed: " + e.getCause().getMessage();
            throw switch (Status.fromThrowable(e.getCause()).getCode()) {
                case INVALID_ARGUMENT, NOT_FOUND -> new IllegalArgumentException(message, e.getCause());
                default -> new IndexUnavailableException(message, e.getCause());
            };
        }
    }
}
