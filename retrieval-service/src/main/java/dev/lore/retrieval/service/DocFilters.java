package dev.lore.retrieval.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.common.error.LoreException;
import dev.lore.index.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * VikingDB's {@code doc_filter} expressions, as {@link Filter}s:
 * {@code {"op":"must"|"must_not","field":f,"conds":[values]}},
 * {@code {"op":"range"|"range_out","field":f,"gt"|"gte"|"lt"|"lte":n}} and
 * {@code {"op":"and"|"or","conds":[expressions]}}, nested freely. Fields: {@code doc_id},
 * {@code doc_name}, and any top-level key of the documents' metadata.
 */
public final class DocFilters {
    private static final int MAX_DEPTH = 16;
    private static final Set<String> BOUNDS = Set.of("gt", "gte", "lt", "lte");

    private DocFilters() {
    }

    /** The filter, or {@link Filter#all()} for a missing one; a malformed one is a 400 saying where. */
    public static Filter parse(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            return Filter.all();
        }
        return parse(node, param, 0);
    }

    private static Filter parse(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw bad(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (!node.isObject()) {
            throw bad(path, "must be an object with an op");
        }
        String op = node.path("op").asText("");
        JsonNode conds = node.get("conds");
        return switch (op) {
            case "and", "or" -> {
                if (conds == null || !conds.isArray() || conds.isEmpty()) {
                    throw bad(path, "'" + op + "' needs a non-empty conds array");
                }
                List<Filter> parts = new ArrayList<>();
                for (int i = 0; i < conds.size(); i++) {
                    parts.add(parse(conds.get(i), path + ".conds[" + i + "]", depth + 1));
                }
                yield op.equals("and") ? Filter.and(parts) : Filter.or(parts);
            }
            case "must", "must_not" -> {
                String field = field(node, path);
                if (conds == null || !conds.isArray()) {
                    throw bad(path, "'" + op + "' needs a conds array of values");
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < conds.size(); i++) {
                    values.add(value(conds.get(i), path + ".conds[" + i + "]"));
                }
                Filter any = Filter.anyOf(field, values);
                yield op.equals("must") ? any : Filter.not(any);
            }
            case "range", "range_out" -> {
                String field = field(node, path);
                if (!field.startsWith(Filter.META_PREFIX)) {
                    throw bad(path, "ranges apply to numeric metadata fields, not " + node.get("field").asText());
                }
                Double[] b = new Double[4];
                int i = 0;
                for (String bound : List.of("gt", "gte", "lt", "lte")) {
                    JsonNode v = node.get(bound);
                    if (v != null && !v.isNull()) {
                        if (!v.isNumber()) {
                            throw bad(path + "." + bound, "must be a number");
                        }
                        b[i] = v.asDouble();
                    }
                    i++;
                }
                if (b[0] == null && b[1] == null && b[2] == null && b[3] == null) {
                    throw bad(path, "'" + op + "' needs at least one of " + BOUNDS);
                }
                yield new Filter.Range(field, b[0], b[1], b[2], b[3], op.equals("range_out"));
            }
            default -> throw bad(path, "op must be one of must, must_not, range, range_out, and, or (got '"
                    + op + "')");
        };
    }

    private static String field(JsonNode node, String path) {
        String field = node.path("field").asText("");
        if (field.isBlank()) {
            throw bad(path, "needs a field");
        }
        return switch (field) {
            case "doc_id" -> Filter.DOCUMENT_ID;
            case "doc_name" -> Filter.DOCUMENT_NAME;
            default -> Filter.META_PREFIX + field;
        };
    }

    private static Object value(JsonNode v, String path) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        throw bad(path, "values must be strings, numbers or booleans");
    }

    private static LoreException bad(String path, String message) {
        return LoreException.badRequest(path + " " + message, path);
    }
}
