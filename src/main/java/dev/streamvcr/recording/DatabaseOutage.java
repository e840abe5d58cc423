package dev.streamvcr.recording;

import java.sql.SQLException;

/**
 * Tells a database that cannot be reached (down, restarting, the network to it cut) from other failures of a
 * statement: a connection error (SQLState class 08), the server shutting down or not yet accepting connections
 * (57P01–57P03), or no pooled connection to be had in time. A session records on through an outage but not through
 * other errors, which would keep failing while another node takes the work.
 */
final class DatabaseOutage {

    private DatabaseOutage() {
    }

    static boolean isOutage(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (e instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null && message.contains("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }
}
