package dev.lore.audit.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.common.error.LoreException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The filters of a listing or an export, as the caller gave them (kept verbatim in an export job).
 * {@code action} is exact, or a prefix ending in {@code .*} ({@code documents.*}); {@code actor}
 * matches the key or user id, or the person behind it; {@code status} is exact or a class
 * ({@code 4xx}); times are RFC 3339, both ends inclusive.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditFilter(
        @JsonProperty("start_time") String startTime,
        @JsonProperty("end_time") String endTime,
        @JsonProperty("action") String action,
        @JsonProperty("actor") String actor,
        @JsonProperty("status") String status,
        @JsonProperty("request_id") String requestId) {

    /** The SQL condition over {@code audit_events} (project first) and its parameters. */
    public record Sql(String where, List<Object> params) {
    }

    /** Floored to microseconds, as stored times are: an event stamped at exactly start_time is in. */
    public Instant start() {
        Instant t = time(startTime, "start_time");
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public Instant end() {
        return time(endTime, "end_time");
    }

    /** Validates every filter; a bad one is a 400 naming it. */
    public AuditFilter validated() {
        Instant s = start();
        Instant e = end();
        if (s != null && e != null && s.isAfter(e)) {
            throw LoreException.badRequest("start_time must not be after end_time", "start_time");
        }
        statusRange();
        if (action != null && (action.isBlank() || action.indexOf('*') >= 0 && !action.endsWith(".*")
                || action.indexOf('*') != action.lastIndexOf('*'))) {
            throw LoreException.badRequest("action must be an action name or a prefix ending in .* "
                    + "(e.g. documents.*)", "action");
        }
        return this;
    }

    public Sql sql(String projectId) {
        StringBuilder w = new StringBuilder("project_id = ?");
        List<Object> p = new java.util.ArrayList<>();
        p.add(projectId);
        Instant s = start();
        Instant e = end();
        if (s != null) {
            w.append(" AND time >= ?");
            p.add(java.sql.Timestamp.from(s));
        }
        if (e != null) {
            w.append(" AND time <= ?");
            p.add(java.sql.Timestamp.from(e));
        }
        if (action != null) {
            if (action.endsWith(".*")) {
                // A byte-order range (collation "C", as the index is): no escaping, and it stays
                // index-friendly in a generic prepared plan, which LIKE with a parameter is not.
                String prefix = action.substring(0, action.length() - 1);
                w.append(" AND action COLLATE \"C\" >= ? AND action COLLATE \"C\" < ?");
                p.add(prefix);
                p.add(prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1));
            } else {
                w.append(" AND action COLLATE \"C\" = ?");
                p.add(action);
            }
        }
        if (actor != null) {
            w.append(" AND (actor_id = ? OR actor_user_id = ?)");
            p.add(actor);
            p.add(actor);
        }
        int[] range = statusRange();
        if (range != null) {
            // Literals (validated integers), not parameters: only then can the planner prove that
            // "status >= 400" holds and use the partial index of failures, in every plan.
            w.append(range[0] == range[1] ? " AND status = " + range[0]
                    : " AND status BETWEEN " + range[0] + " AND " + range[1]);
        }
        if (requestId != null) {
            w.append(" AND request_id = ?");
            p.add(requestId);
        }
        return new Sql(w.toString(), p);
    }

    private int[] statusRange() {
        if (status == null) {
            return null;
        }
        if (status.matches("[1-5]xx")) {
            int base = (status.charAt(0) - '0') * 100;
            return new int[] {base, base + 99};
        }
        try {
            int code = Integer.parseInt(status);
            if (code >= 100 && code <= 599) {
                return new int[] {code, code};
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw LoreException.badRequest("status must be an HTTP status (e.g. 403) or a class (e.g. 4xx)", "status");
    }

    private static Instant time(String value, String param) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw LoreException.badRequest(param + " must be an RFC 3339 timestamp such as 2026-01-31T23:59:59Z",
                    param);
        }
    }
}
