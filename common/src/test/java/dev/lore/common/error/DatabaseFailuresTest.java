package dev.lore.common.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void aLostOrRefusedDatabaseIsTransient() {
        assertTrue(DatabaseFailures.isTransient(new IllegalStateException("could not execute statement",
                new SQLException("This connection has been closed.", "08003"))));
        assertTrue(DatabaseFailures.isTransient(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseFailures.isTransient(new SQLException("database \"x\" is not currently accepting connections", "55000")));
        assertTrue(DatabaseFailures.isTransient(new SQLException("deadlock detected", "40P01")));
        assertTrue(DatabaseFailures.isTransient(new SQLException("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void whatTheStatementCausedIsNot() {
        assertFalse(DatabaseFailures.isTransient(new IllegalStateException(
                new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(DatabaseFailures.isTransient(new SQLException("invalid input syntax for type uuid", "22P02")));
        assertFalse(DatabaseFailures.isTransient(new SQLException("relation does not exist", "42P01")));
        assertFalse(DatabaseFailures.isTransient(new IllegalArgumentException("unknown index status event type")));
    }
}
