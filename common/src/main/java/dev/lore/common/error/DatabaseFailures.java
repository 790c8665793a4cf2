package dev.lore.common.error;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a database that failed (connection lost, server restarting or refusing connections,
 * deadlock, out of resources) from a statement the data made fail. A consumer waits out the first
 * and retries, holding its partition; only the second may dead-letter a message.
 */
public final class DatabaseFailures {
    /** SQLSTATE classes the data or the statement caused: data exception, integrity, syntax or access rule. */
    private static final Set<String> CAUSED_BY_THE_STATEMENT = Set.of("22", "23", "42");

    private DatabaseFailures() {
    }

    /** Whether a SQL failure is in the cause chain and was not caused by the statement or its data. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.length() < 2 || !CAUSED_BY_THE_STATEMENT.contains(state.substring(0, 2));
            }
        }
        return false;
    }
}
