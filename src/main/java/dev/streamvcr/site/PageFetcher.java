package dev.streamvcr.site;

import dev.streamvcr.outbound.HostCheck;
import dev.streamvcr.outbound.OutboundClients;
import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundRequest;
import dev.streamvcr.outbound.OutboundResponse;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;

/**
 * Fetches pages on a user's behalf through the {@link OutboundHttpClient}: every host, the first and each redirect
 * target, is checked by the outbound policy; bodies are bounded ({@value #MAX_BODY_BYTES} bytes after
 * decompression), and so are redirects and the whole exchange. Failures become {@link SiteException}s worded for the
 * page being read. Blocking: call from a worker thread, never from an event loop.
 */
@ApplicationScoped
public class PageFetcher {

    public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    public static final int MAX_REDIRECTS = 5;
    private static final Map<String, String> BROWSER_HEADERS = Map.of(
            "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8",
            "Accept-Language", "en;q=0.9, *;q=0.5");

    private final OutboundHttpClient client;
    private final OutboundHttpClient loginClient;

    @Inject
    PageFetcher(OutboundClients clients) {
        this(clients.pages(), clients.logins());
    }

    private PageFetcher(OutboundHttpClient client, OutboundHttpClient loginClient) {
        this.client = client;
        this.loginClient = loginClient;
    }

    /** A fetcher with a client of its own, checked by {@code hosts} (for tools and tests). */
    public PageFetcher(Vertx vertx, HostCheck hosts) {
        this(new OutboundHttpClient(vertx, hosts, 16), null);
    }

    /** This fetcher for site logins: form pages and credentials go through the login allow-list. */
    public PageFetcher forLogins() {
        return loginClient == null ? this : new PageFetcher(loginClient, null);
    }

    /**
     * GET ({@code form} null) or POST the form to {@code uri}, following up to {@value #MAX_REDIRECTS} redirects;
     * cookies are read from and stored into {@code jar}. A non-2xx answer is returned, not thrown.
     */
    public FetchedPage fetch(URI uri, Map<String, String> form, CookieJar jar) throws SiteException {
        OutboundRequest request = OutboundRequest.get(uri).withCookies(jar).withMaxBytes(MAX_BODY_BYTES)
                .withMaxRedirects(MAX_REDIRECTS);
        for (Map.Entry<String, String> header : BROWSER_HEADERS.entrySet()) {
            request = request.withHeader(header.getKey(), header.getValue());
        }
        if (form != null) {
            request = request.withForm(form);
        }
        try {
            OutboundResponse answer = client.fetchAndWait(request);
            return new FetchedPage(answer.uri(), answer.status(), answer.header("Content-Type"), answer.body());
        } catch (OutboundFailure e) {
            throw new SiteException(explain(uri, e), e);
        }
    }

    private static String explain(URI requested, OutboundFailure failure) {
        return switch (failure.kind()) {
            case REFUSED -> failure.reason();
            case NOT_HTTP -> "Only http:// and https:// pages can be fetched, not " + failure.uri() + ".";
            case TOO_MANY_REDIRECTS -> requested.getHost() + " redirected more than " + MAX_REDIRECTS + " times.";
            case TOO_LARGE -> failure.host() + " sent more than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB for "
                    + failure.uri() + "; reading stopped there.";
            default -> "Could not load the page from " + failure.host() + ": " + failure.reason() + ".";
        };
    }
}
