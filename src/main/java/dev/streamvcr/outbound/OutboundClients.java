package dev.streamvcr.outbound;

import dev.streamvcr.config.StreamVcrConfig;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Makes the application's {@link OutboundHttpClient}s, one per {@link OutboundPurpose}, each checked by the policy of
 * its purpose, and closes them. The injectable client is the one of stream connections (HLS, player SWFs); pages,
 * site logins and notification webhooks take theirs from {@link #pages()}, {@link #logins()} and {@link #webhooks()}.
 */
@ApplicationScoped
public class OutboundClients {

    /** Recordings of one CDN share connections; beyond this many at once to one server, requests wait their turn. */
    static final int MAX_CONNECTIONS_PER_SERVER = 64;

    /** Page and login fetches are few at a time; these bound each server's share of them. */
    static final int MAX_PAGE_CONNECTIONS_PER_SERVER = 16;

    private final OutboundHttpClient pages;
    private final OutboundHttpClient logins;
    private final OutboundHttpClient webhooks;

    @Inject
    OutboundClients(Vertx vertx, StreamVcrConfig config) {
        this.pages = new OutboundHttpClient(vertx, OutboundPolicy.of(OutboundPurpose.PAGES, config),
                MAX_PAGE_CONNECTIONS_PER_SERVER);
        this.logins = new OutboundHttpClient(vertx, OutboundPolicy.of(OutboundPurpose.LOGINS, config),
                MAX_PAGE_CONNECTIONS_PER_SERVER);
        this.webhooks = new OutboundHttpClient(vertx, OutboundPolicy.of(OutboundPurpose.WEBHOOKS, config),
                MAX_PAGE_CONNECTIONS_PER_SERVER);
    }

    /** The client of pages read to find a stream. */
    public OutboundHttpClient pages() {
        return pages;
    }

    /** The client of site logins: their form pages and the posted credentials. */
    public OutboundHttpClient logins() {
        return logins;
    }

    /** The client of notification webhooks. */
    public OutboundHttpClient webhooks() {
        return webhooks;
    }

    @Produces
    @Singleton
    OutboundHttpClient client(Vertx vertx, OutboundPolicy policy) {
        return new OutboundHttpClient(vertx, policy, MAX_CONNECTIONS_PER_SERVER);
    }

    void close(@Disposes OutboundHttpClient client) {
        client.close();
    }

    @PreDestroy
    void closeOwn() {
        pages.close();
        logins.close();
        webhooks.close();
    }
}
