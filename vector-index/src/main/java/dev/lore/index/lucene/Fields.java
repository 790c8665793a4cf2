package dev.lore.index.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.index.Filter;
import dev.lore.index.IndexPoint;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** How a point maps to a Lucene document, and a {@link Filter} to a Lucene query. */
final class Fields {
    static final String POINT_ID = "point_id";
    /**
     * The point id again as doc values: a hit's id is then a lookup, not the decompression of a
     * stored-fields block (a fifth of a dense search's CPU at 100k chunks). Segments written
     * before it existed fall back to the stored field.
     */
    static final String POINT_ID_VALUE = "point_id.dv";
    /** project and document together: the term lifecycle updates address. */
    static final String DOC_KEY = "doc_key";
    static final String PROJECT_ID = "project_id";
    static final String KB_ID = "kb_id";
    static final String DOCUMENT_ID = "document_id";
    static final String DOCUMENT_NAME = "document_name";
    static final String VERSION = "version";
    static final String ORDINAL = "ordinal";
    static final String TEXT = "text";
    static final String TITLE = "title";
    static final String CHUNK_TYPE = "chunk_type";
    static final String PAGE = "page";
    static final String METADATA = "metadata";
    static final String UPDATED_AT = "updated_at";
    static final String ACTIVE = "active";
    static final String SERVING = "serving";
    static final String VECTOR = "vector";
    /** Exact-match terms of a metadata key; numbers also go to {@link #META_NUMBER} for ranges. */
    static final String META_TERM = "meta.";
    static final String META_NUMBER = "meta#.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fields() {
    }

    static String docKey(String projectId, String documentId) {
        return projectId + '\u0000' + documentId;
    }

    static Document document(IndexPoint p, float[] unitVector) {
        Document d = new Document();
        d.add(new StringField(POINT_ID, p.pointId(), Field.Store.YES));
        d.add(new BinaryDocValuesField(POINT_ID_VALUE, new BytesRef(p.pointId())));
        d.add(new StringField(DOC_KEY, docKey(p.projectId(), p.documentId()), Field.Store.NO));
        d.add(new StringField(PROJECT_ID, p.projectId(), Field.Store.YES));
        d.add(new StringField(KB_ID, p.knowledgeBaseId(), Field.Store.YES));
        d.add(new StringField(DOCUMENT_ID, p.documentId(), Field.Store.YES));
        d.add(new StringField(DOCUMENT_NAME, p.documentName(), Field.Store.YES));
        d.add(new IntPoint(VERSION, p.version()));
        d.add(new StoredField(VERSION, p.version()));
        d.add(new StoredField(ORDINAL, p.ordinal()));
        d.add(new TextField(TEXT, p.content(), Field.Store.YES));
        if (p.title() != null) {
            d.add(new StoredField(TITLE, p.title()));
        }
        d.add(new StoredField(CHUNK_TYPE, p.chunkType()));
        if (p.page() != null) {
            d.add(new StoredField(PAGE, p.page()));
        }
        Map<String, Object> metadata = p.metadata() == null ? Map.of() : p.metadata();
        d.add(new StoredField(METADATA, toJson(metadata)));
        metadata.forEach((key, value) -> addMetadata(d, key, value));
        d.add(new StoredField(UPDATED_AT, p.updatedAt()));
        d.add(new NumericDocValuesField(ACTIVE, p.active() ? 1 : 0));
        d.add(new NumericDocValuesField(SERVING, p.serving() ? 1 : 0));
        d.add(new KnnFloatVectorField(VECTOR, unitVector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private static void addMetadata(Document d, String key, Object value) {
        if (value instanceof Collection<?> list) {
            list.forEach(v -> addMetadata(d, key, v));
            return;
        }
        String term = canonical(value);
        if (term != null) {
            d.add(new StringField(META_TERM + key, term, Field.Store.NO));
        }
        if (value instanceof Number n) {
            d.add(new DoublePoint(META_NUMBER + key, n.doubleValue()));
        }
    }

    /** The one string form a value matches by: 3, 3L and 3.0 are the same term. */
    static String canonical(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return null;
    }

    static IndexPoint point(Document d) {
        return new IndexPoint(d.get(POINT_ID), d.get(PROJECT_ID), d.get(KB_ID), d.get(DOCUMENT_ID),
                d.getField(VERSION).numericValue().intValue(), d.getField(ORDINAL).numericValue().intValue(),
                d.get(DOCUMENT_NAME), d.get(TEXT), d.get(TITLE), d.get(CHUNK_TYPE),
                d.getField(PAGE) == null ? null : d.getField(PAGE).numericValue().intValue(),
                fromJson(d.get(METADATA)), true, true, d.getField(UPDATED_AT).numericValue().longValue(), null);
    }

    /** Points of the document with a version at most {@code version}. */
    static Query versionsUpTo(String projectId, String documentId, int version) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DOC_KEY, docKey(projectId, documentId))), Occur.FILTER)
                .add(IntPoint.newRangeQuery(VERSION, Integer.MIN_VALUE, version), Occur.FILTER)
                .build();
    }

    /** Visible points of the project that match the filter. */
    static Query scope(String projectId, Filter filter) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(PROJECT_ID, projectId)), Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(ACTIVE, 1), Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(SERVING, 1), Occur.FILTER);
        if (!(filter instanceof Filter.All)) {
            b.add(query(filter), Occur.FILTER);
        }
        return b.build();
    }

    static Query query(Filter filter) {
        return switch (filter) {
            case Filter.All a -> new MatchAllDocsQuery();
            case Filter.None n -> new MatchNoDocsQuery();
            case Filter.AnyOf any -> new TermInSetQuery(termField(any.field()), any.values().stream()
                    .map(Fields::canonical).filter(v -> v != null).map(BytesRef::new).toList());
            case Filter.Range r -> range(r);
            case Filter.And and -> combine(and.filters(), Occur.FILTER);
            case Filter.Or or -> combine(or.filters(), Occur.SHOULD);
            case Filter.Not not -> new BooleanQuery.Builder()
                    .add(new MatchAllDocsQuery(), Occur.FILTER)
                    .add(query(not.filter()), Occur.MUST_NOT)
                    .build();
        };
    }

    private static Query combine(List<Filter> filters, Occur occur) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        filters.forEach(f -> b.add(query(f), occur));
        if (occur == Occur.SHOULD) {
            b.setMinimumNumberShouldMatch(1);
        }
        return b.build();
    }

    private static Query range(Filter.Range r) {
        if (!r.field().startsWith(Filter.META_PREFIX)) {
            throw new IllegalArgumentException("Range filters apply to numeric metadata fields, not " + r.field());
        }
        String field = META_NUMBER + r.field().substring(Filter.META_PREFIX.length());
        double lower = r.gte() != null ? r.gte() : r.gt() != null ? Math.nextUp(r.gt()) : Double.NEGATIVE_INFINITY;
        double upper = r.lte() != null ? r.lte() : r.lt() != null ? Math.nextDown(r.lt()) : Double.POSITIVE_INFINITY;
        Query inside = DoublePoint.newRangeQuery(field, lower, upper);
        if (!r.outside()) {
            return inside;
        }
        // Outside means: has a number, and it is not in the range.
        return new BooleanQuery.Builder()
                .add(DoublePoint.newRangeQuery(field, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), Occur.FILTER)
                .add(inside, Occur.MUST_NOT)
                .build();
    }

    private static String termField(String field) {
        return switch (field) {
            case Filter.KB_ID -> KB_ID;
            case Filter.DOCUMENT_ID -> DOCUMENT_ID;
            case Filter.DOCUMENT_NAME -> DOCUMENT_NAME;
            default -> {
                if (!field.startsWith(Filter.META_PREFIX)) {
                    throw new IllegalArgumentException("Unknown filter field " + field);
                }
                yield META_TERM + field.substring(Filter.META_PREFIX.length());
            }
        };
    }

    private static String toJson(Map<String, Object> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Metadata is not serialisable", e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored metadata is not JSON", e);
        }
    }
}
