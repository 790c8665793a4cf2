package dev.lore.index.qdrant;

import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.nullValue;
import static io.qdrant.client.ValueFactory.value;

import dev.lore.index.Filter;
import dev.lore.index.IndexPoint;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a point is stored as a Qdrant payload: every field but the vector, under the names filters
 * use, with the metadata as a nested object so {@code meta.<key>} paths reach into it.
 */
final class Payloads {
    static final String PROJECT_ID = "project_id";
    static final String KB_ID = Filter.KB_ID;
    static final String DOCUMENT_ID = Filter.DOCUMENT_ID;
    static final String DOCUMENT_NAME = Filter.DOCUMENT_NAME;
    static final String VERSION = "version";
    static final String ORDINAL = "ordinal";
    static final String CONTENT = "content";
    static final String TITLE = "title";
    static final String CHUNK_TYPE = "chunk_type";
    static final String PAGE = "page";
    static final String META = "meta";
    static final String ACTIVE = "active";
    static final String SERVING = "serving";
    static final String UPDATED_AT = "updated_at";

    private Payloads() {
    }

    static Map<String, Value> payload(IndexPoint p) {
        Map<String, Value> payload = new HashMap<>();
        putString(payload, PROJECT_ID, p.projectId());
        putString(payload, KB_ID, p.knowledgeBaseId());
        putString(payload, DOCUMENT_ID, p.documentId());
        putString(payload, DOCUMENT_NAME, p.documentName());
        payload.put(VERSION, value(p.version()));
        payload.put(ORDINAL, value(p.ordinal()));
        putString(payload, CONTENT, p.content());
        putString(payload, TITLE, p.title());
        putString(payload, CHUNK_TYPE, p.chunkType());
        if (p.page() != null) {
            payload.put(PAGE, value(p.page()));
        }
        payload.put(META, json(p.metadata() == null ? Map.of() : p.metadata()));
        payload.put(ACTIVE, value(p.active()));
        payload.put(SERVING, value(p.serving()));
        payload.put(UPDATED_AT, value(p.updatedAt()));
        return payload;
    }

    static IndexPoint point(String pointId, Map<String, Value> payload) {
        Value page = payload.get(PAGE);
        Value meta = payload.get(META);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = meta == null ? Map.of() : (Map<String, Object>) plain(meta);
        return new IndexPoint(pointId, string(payload, PROJECT_ID), string(payload, KB_ID),
                string(payload, DOCUMENT_ID), (int) payload.get(VERSION).getIntegerValue(),
                (int) payload.get(ORDINAL).getIntegerValue(), string(payload, DOCUMENT_NAME),
                string(payload, CONTENT), string(payload, TITLE), string(payload, CHUNK_TYPE),
                page == null ? null : (int) page.getIntegerValue(), metadata, payload.get(ACTIVE).getBoolValue(),
                payload.get(SERVING).getBoolValue(), payload.get(UPDATED_AT).getIntegerValue(), null);
    }

    /** Whether a number is whole, so it is stored and matched as a Qdrant integer. */
    static boolean isWhole(Number n) {
        double d = n.doubleValue();
        return integral(n) || d == Math.rint(d) && Math.abs(d) < 1e15;
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static void putString(Map<String, Value> payload, String key, String value) {
        if (value != null) {
            payload.put(key, value(value));
        }
    }

    private static String string(Map<String, Value> payload, String key) {
        Value v = payload.get(key);
        return v == null ? null : v.getStringValue();
    }

    /**
     * A metadata value in Qdrant's JSON. Numbers of integral types become integers, others (2.0
     * too) doubles, so a point reads back with the number types it was given.
     */
    private static Value json(Object o) {
        return switch (o) {
            case null -> nullValue();
            case String s -> value(s);
            case Boolean b -> value(b);
            case Number n when integral(n) -> value(n.longValue());
            case Number n -> value(n.doubleValue());
            case Map<?, ?> m -> {
                Map<String, Value> fields = new LinkedHashMap<>();
                m.forEach((k, v) -> fields.put(String.valueOf(k), json(v)));
                yield value(fields);
            }
            case Collection<?> c -> list(c.stream().map(Payloads::json).toList());
            default -> throw new IllegalArgumentException("Metadata values are JSON: strings, numbers, booleans,"
                    + " lists and objects, not " + o.getClass().getName());
        };
    }

    /** The reverse of {@link #json}, with Jackson's number types: an int when it fits, else a long. */
    private static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case INTEGER_VALUE -> {
                long l = v.getIntegerValue();
                yield l == (int) l ? (Object) (int) l : (Object) l;
            }
            case STRUCT_VALUE -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                v.getStructValue().getFieldsMap().forEach((k, f) -> fields.put(k, plain(f)));
                yield fields;
            }
            case LIST_VALUE -> {
                List<Object> items = new ArrayList<>();
                v.getListValue().getValuesList().forEach(item -> items.add(plain(item)));
                yield items;
            }
        };
    }
}
