package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures of a heartbeat mean the database is out of reach, and which are errors of another kind. */
class DatabaseOutageTest {

    @Test
    void connectionErrorsAndAShuttingDownServerAreAnOutageWhereverTheyAreWrapped() {
        assertTrue(DatabaseOutage.isOutage(new SQLException("Connection refused", "08001")));
        assertTrue(DatabaseOutage.isOutage(new RuntimeException(new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseOutage.isOutage(new SQLException("terminating connection due to administrator command",
                "57P01")));
        assertTrue(DatabaseOutage.isOutage(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseOutage.isOutage(new IllegalStateException(new SQLException(
                "Acquisition timeout while waiting for new connection"))));
        assertTrue(DatabaseOutage.isOutage(new org.hibernate.exception.JDBCConnectionException("no connection",
                new SQLException("x"))));
    }

    @Test
    void otherStatementErrorsAreNot() {
        assertFalse(DatabaseOutage.isOutage(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseOutage.isOutage(new SQLException("permission denied", "42501")));
        assertFalse(DatabaseOutage.isOutage(new IllegalStateException("a bug")));
        assertFalse(DatabaseOutage.isOutage(new SQLException("no state")));
    }
}
