package dev.streamvcr;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Stops the embedded PostgreSQL as the very last step of the application's shutdown, inside the JVM's shutdown
 * sequence (which a signal-triggered exit waits for), after every other shutdown step has written what it must.
 */
@ApplicationScoped
public class EmbeddedDatabaseShutdown {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseShutdown.class);

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedDatabase.current().ifPresent(database -> {
            LOG.info("Stopping the embedded PostgreSQL");
            database.close();
        });
    }
}
