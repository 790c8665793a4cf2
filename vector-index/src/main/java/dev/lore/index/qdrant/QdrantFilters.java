package dev.lore.index.qdrant;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.matchValues;
import static io.qdrant.client.ConditionFactory.range;

import dev.lore.index.Filter;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Common.Condition;
import java.util.ArrayList;
import java.util.List;

/** A {@link Filter} as a Qdrant filter, and the fixed filters the adapter scopes its reads and writes with. */
final class QdrantFilters {
    /** A point id in the empty set: Qdrant has no literal "false", and an empty filter means "true". */
    static final Condition NOTHING = hasId(List.of());

    private QdrantFilters() {
    }

    /** What {@code search} and {@code count} see: the project's active, serving points that match. */
    static Common.Filter visible(String projectId, Filter filter) {
        Common.Filter.Builder visible = Common.Filter.newBuilder()
                .addMust(matchKeyword(Payloads.PROJECT_ID, projectId))
                .addMust(match(Payloads.ACTIVE, true))
                .addMust(match(Payloads.SERVING, true));
        if (!(filter instanceof Filter.All)) {
            visible.addMust(condition(filter));
        }
        return visible.build();
    }

    /** Every point of a document, all versions. */
    static Common.Filter document(String projectId, String documentId) {
        return Common.Filter.newBuilder()
                .addMust(matchKeyword(Payloads.PROJECT_ID, projectId))
                .addMust(matchKeyword(Payloads.DOCUMENT_ID, documentId))
                .build();
    }

    /** The document's points of every version up to {@code version}. */
    static Common.Filter versionsUpTo(String projectId, String documentId, int version) {
        return document(projectId, documentId).toBuilder()
                .addMust(range(Payloads.VERSION, Common.Range.newBuilder().setLte(version).build()))
                .build();
    }

    static Condition condition(Filter filter) {
        return switch (filter) {
            case Filter.All all -> ConditionFactory.filter(Common.Filter.getDefaultInstance());
            case Filter.None none -> NOTHING;
            case Filter.AnyOf anyOf -> anyOf(field(anyOf.field()), anyOf.values());
            case Filter.Range r -> rangeCondition(r);
            case Filter.And and -> ConditionFactory.filter(Common.Filter.newBuilder()
                    .addAllMust(conditions(and.filters())).build());
            case Filter.Or or -> any(conditions(or.filters()));
            case Filter.Not not -> ConditionFactory.filter(Common.Filter.newBuilder()
                    .addMustNot(condition(not.filter())).build());
        };
    }

    private static List<Condition> conditions(List<Filter> filters) {
        return filters.stream().map(QdrantFilters::condition).toList();
    }

    /** At least one of the conditions; an empty {@code should} would mean "true" over gRPC. */
    private static Condition any(List<Condition> conditions) {
        if (conditions.isEmpty()) {
            return NOTHING;
        }
        return conditions.size() == 1 ? conditions.get(0)
                : ConditionFactory.filter(Common.Filter.newBuilder().addAllShould(conditions).build());
    }

    /**
     * Strings match as keywords, whole numbers (3 and 3.0 alike, as in the Lucene adapter) as
     * integers, other numbers as a one-point range (Qdrant matches no floats exactly), booleans as
     * booleans.
     */
    private static Condition anyOf(String key, List<Object> values) {
        List<String> keywords = new ArrayList<>();
        List<Long> integers = new ArrayList<>();
        List<Condition> others = new ArrayList<>();
        for (Object value : values) {
            switch (value) {
                case String s -> keywords.add(s);
                case Boolean b -> others.add(match(key, b));
                case Number n when Payloads.isWhole(n) -> integers.add(n.longValue());
                case Number n -> others.add(range(key, Common.Range.newBuilder()
                        .setGte(n.doubleValue()).setLte(n.doubleValue()).build()));
                default -> throw new IllegalArgumentException("Cannot filter " + key + " on a "
                        + value.getClass().getSimpleName() + " value");
            }
        }
        List<Condition> conditions = new ArrayList<>();
        if (!keywords.isEmpty()) {
            conditions.add(matchKeywords(key, keywords));
        }
        if (!integers.isEmpty()) {
            conditions.add(matchValues(key, integers));
        }
        conditions.addAll(others);
        return any(conditions);
    }

    /**
     * Outside a range means holding a number beyond one of its bounds, so a point without the
     * field never matches (a {@code must_not} of the range would match it).
     */
    private static Condition rangeCondition(Filter.Range r) {
        if (!r.field().startsWith(Filter.META_PREFIX)) {
            throw new IllegalArgumentException("Range filters apply to numeric metadata fields, not " + r.field());
        }
        if (!r.outside()) {
            Common.Range.Builder inside = Common.Range.newBuilder();
            if (r.gt() != null) {
                inside.setGt(r.gt());
            }
            if (r.gte() != null) {
                inside.setGte(r.gte());
            }
            if (r.lt() != null) {
                inside.setLt(r.lt());
            }
            if (r.lte() != null) {
                inside.setLte(r.lte());
            }
            return range(r.field(), inside.build());
        }
        List<Condition> beyond = new ArrayList<>();
        if (r.gt() != null) {
            beyond.add(range(r.field(), Common.Range.newBuilder().setLte(r.gt()).build()));
        }
        if (r.gte() != null) {
            beyond.add(range(r.field(), Common.Range.newBuilder().setLt(r.gte()).build()));
        }
        if (r.lt() != null) {
            beyond.add(range(r.field(), Common.Range.newBuilder().setGte(r.lt()).build()));
        }
        if (r.lte() != null) {
            beyond.add(range(r.field(), Common.Range.newBuilder().setGt(r.lte()).build()));
        }
        return any(beyond);
    }

    /** Filter field names are payload paths already; this only refuses the ones a filter may not use. */
    private static String field(String field) {
        return switch (field) {
            case Filter.KB_ID, Filter.DOCUMENT_ID, Filter.DOCUMENT_NAME -> field;
            default -> {
                if (!field.startsWith(Filter.META_PREFIX)) {
                    throw new IllegalArgumentException("Unknown filter field " + field);
                }
                yield field;
            }
        };
    }
}
