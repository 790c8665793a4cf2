package dev.lore.index;

import java.util.List;

/**
 * A filter over point fields. Field names: {@code kb_id}, {@code document_id},
 * {@code document_name}, and {@code meta.<key>} for a top-level metadata key. String, boolean and
 * integral values match exactly (a list-valued metadata key matches when any element does);
 * ranges compare numbers.
 */
public sealed interface Filter {

    /** Matches every point. */
    record All() implements Filter {
    }

    /** Matches no point. */
    record None() implements Filter {
    }

    /** The field equals any of the values. */
    record AnyOf(String field, List<Object> values) implements Filter {
    }

    /** A numeric range; a null bound is open. With {@code outside}, matches values outside it. */
    record Range(String field, Double gt, Double gte, Double lt, Double lte, boolean outside) implements Filter {
    }

    record And(List<Filter> filters) implements Filter {
    }

    record Or(List<Filter> filters) implements Filter {
    }

    record Not(Filter filter) implements Filter {
    }

    static Filter all() {
        return new All();
    }

    static Filter none() {
        return new None();
    }

    static Filter anyOf(String field, List<?> values) {
        return values.isEmpty() ? none() : new AnyOf(field, List.copyOf(values));
    }

    static Filter and(Filter... filters) {
        return and(List.of(filters));
    }

    /** Conjunction, dropping {@code All}s and collapsing to {@code None} when one is present. */
    static Filter and(List<Filter> filters) {
        List<Filter> kept = filters.stream().filter(f -> !(f instanceof All)).toList();
        if (kept.stream().anyMatch(f -> f instanceof None)) {
            return none();
        }
        return kept.isEmpty() ? all() : kept.size() == 1 ? kept.get(0) : new And(kept);
    }

    /** Disjunction, dropping {@code None}s and collapsing to {@code All} when one is present. */
    static Filter or(List<Filter> filters) {
        List<Filter> kept = filters.stream().filter(f -> !(f instanceof None)).toList();
        if (kept.stream().anyMatch(f -> f instanceof All)) {
            return all();
        }
        return kept.isEmpty() ? none() : kept.size() == 1 ? kept.get(0) : new Or(kept);
    }

    static Filter not(Filter filter) {
        return filter instanceof All ? none() : filter instanceof None ? all() : new Not(filter);
    }

    String KB_ID = "kb_id";
    String DOCUMENT_ID = "document_id";
    String DOCUMENT_NAME = "document_name";
    String META_PREFIX = "meta.";
}
