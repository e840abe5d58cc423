package dev.streamvcr.outbound;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the application's one {@link OutboundHttpClient}, checked by the {@link OutboundPolicy}, and closes it. */
@ApplicationScoped
public class OutboundClients {

    /** Recordings of one CDN share connections; beyond this many at once to one server, requests wait their turn. */
    static final int MAX_CONNECTIONS_PER_SERVER = 64;

    @Produces
    @Singleton
    OutboundHttpClient client(Vertx vertx, OutboundPolicy policy) {
        return new OutboundHttpClient(vertx, policy, MAX_CONNECTIONS_PER_SERVER);
    }

    void close(@Disposes OutboundHttpClient client) {
        client.close();
    }
}
