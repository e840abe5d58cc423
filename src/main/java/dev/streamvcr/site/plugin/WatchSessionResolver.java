package dev.streamvcr.site.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundClients;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundWebSocketRequest;
import dev.streamvcr.site.CookieJar;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteResolver;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.SourceCandidate;
import dev.streamvcr.site.StreamAccess;
import dev.streamvcr.site.StreamAddress;
import dev.streamvcr.site.StreamNotFoundException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Broadcast pages ({@code /watch/lv<number>}) whose player is handed its HLS stream over a WebSocket watch session,
 * the way Niconico Live's is today: the page embeds the session's address ({@link WatchPageProps}); the
 * {@link WatchSession} opens it with the viewer's cookies (the owner's logged-in session, for members-only
 * broadcasts), sends {@code startWatching} and gets the playlist and the cookies it needs. The session must stay
 * open (pongs, kept seat) for as long as the stream is recorded, or the site stops serving it: it is the candidate's
 * {@link StreamAccess#held() held session}, and the playlist's cookies are its {@link StreamAccess#cookies()}.
 *
 * <p>Which hosts serve such pages is configured ({@code streamvcr.sites.watch-session.hosts}, comma-separated; env
 * {@code STREAMVCR_SITES_WATCH_SESSION_HOSTS}); with none configured the plugin stays out of the way. It runs before
 * the {@code player-status} plugin, which knows the same addresses as the site served them in 2011; a page without
 * the embedded session is left to that one.
 */
@ApplicationScoped
public class WatchSessionResolver implements SiteResolver {

    /** How long the site may take to offer the stream once the WebSocket is asked for it. */
    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern WATCH_PATH = Pattern.compile("/watch/(lv\\d{1,12})/?");

    private final PluginPages pages;
    private final OutboundHttpClient client;
    private final Vertx vertx;

    /** The WebSocket is part of reading the page, so it goes through the pages' client and their allow-list. */
    @Inject
    WatchSessionResolver(StreamVcrConfig config, OutboundClients clients, Vertx vertx) {
        this(config.sites().watchSession().hosts().orElse(List.of()), clients.pages(), vertx);
    }

    /** A resolver for {@code hosts} whose WebSockets go through {@code client}, their timers on {@code vertx}. */
    public WatchSessionResolver(List<String> hosts, OutboundHttpClient client, Vertx vertx) {
        this.pages = PluginPages.of(hosts, WATCH_PATH);
        this.client = client;
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return "watch-session";
    }

    @Override
    public int priority() {
        return 90;
    }

    @Override
    public boolean supports(URI page) {
        return pages.supports(page);
    }

    /**
     * Opens the watch session and returns its stream; empty when the page embeds no watch session. Blocking: waits
     * up to {@link #STREAM_TIMEOUT} for the site's offer, on a worker thread, never an event loop.
     *
     * @throws StreamNotFoundException when the broadcast has not started yet
     * @throws SiteException           with the reason a person reads: ended, members only, not logged in, the
     *                                 session closed before the stream came
     */
    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        Matcher watch = pages.match(page, "broadcast (/watch/lv<number>)");
        String broadcast = watch.group(1);
        FetchedPage html = PluginPages.fetch(session, page, "broadcast");
        WatchPageProps props = WatchPageProps.read(Jsoup.parse(html.text(), html.uri().toString()));
        if (props == null) {
            return List.of();
        }
        refuseUnlessWatchable(props, broadcast, page);
        URI webSocket;
        try {
            webSocket = page.resolve(props.webSocketUrl());
        } catch (IllegalArgumentException e) {
            throw new SiteException("The broadcast page names an unreadable watch session address.");
        }
        OutboundWebSocketRequest request = OutboundWebSocketRequest.to(webSocket).withCookies(session.cookies())
                .withHeader("Origin", page.getScheme() + "://" + page.getRawAuthority());
        WatchSession watching = WatchSession.start(vertx, client, request);
        try {
            WatchSession.StreamOffer offer = awaitOffer(watching);
            StreamAccess access = new StreamAccess(streamCookies(offer), Map.of(), watching);
            String kind = props.memberOnly() ? "members-only broadcast" : "broadcast";
            return List.of(new SourceCandidate(playlist(offer), "watch session of " + broadcast + " (" + kind
                    + ", WebSocket on " + webSocket.getHost() + ")", 100, access));
        } catch (SiteException | RuntimeException e) {
            watching.close();
            throw e;
        }
    }

    private static void refuseUnlessWatchable(WatchPageProps props, String broadcast, URI page) throws SiteException {
        if (props.notStarted()) {
            throw new StreamNotFoundException("The broadcast " + broadcast + " has not started yet" + (props.beginTime()
                    > 0 ? " (it begins at " + Instant.ofEpochSecond(props.beginTime()) + ")" : "") + ".");
        }
        if (props.ended()) {
            throw new SiteException("The broadcast " + broadcast + " has ended.");
        }
        if (!props.onAir()) {
            throw new SiteException("The broadcast " + broadcast + " is not on air (the page says "
                    + (props.status().isEmpty() ? "nothing" : props.status()) + ").");
        }
        if (props.webSocketUrl().isEmpty()) {
            throw new SiteException(!props.loggedIn()
                    ? "The broadcast " + broadcast + " is for members only and the site says you are not logged in: "
                    + "store your account for " + page.getHost() + " on the Site accounts page."
                    : "The broadcast " + broadcast + " is for members only, and your account on " + page.getHost()
                    + " may not watch it.");
        }
    }

    private static WatchSession.StreamOffer awaitOffer(WatchSession watching) throws SiteException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("an event loop never waits for a watch session");
        }
        try {
            return watching.stream().get(STREAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SiteException site) {
                throw site;
            }
            throw new SiteException("The watch session failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new SiteException("The site did not send the stream within " + STREAM_TIMEOUT.toSeconds()
                    + " s of being asked.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException("Waiting for the watch session was interrupted.");
        }
    }

    private static String playlist(WatchSession.StreamOffer offer) throws SiteException {
        try {
            StreamAddress address = StreamAddress.parse(offer.uri());
            if (address.kind() == StreamAddress.Kind.HLS) {
                return address.line();
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new SiteException("The watch session offered a stream that is not an HLS playlist: " + offer.uri());
    }

    /**
     * The offer's cookies in a jar of their own, stored as if the playlist had set them: a cookie whose domain the
     * playlist's host is not in is dropped by the jar, so none goes to another site.
     */
    private static CookieJar streamCookies(WatchSession.StreamOffer offer) {
        CookieJar jar = new CookieJar();
        URI playlist = URI.create(offer.uri());
        for (JsonNode cookie : offer.cookies()) {
            String name = cookie.path("name").asText("");
            if (name.isEmpty() || !cookie.path("value").isValueNode()) {
                continue;
            }
            StringBuilder header = new StringBuilder(name).append('=').append(cookie.path("value").asText());
            if (cookie.path("domain").isTextual()) {
                header.append("; Domain=").append(cookie.get("domain").asText());
            }
            header.append("; Path=").append(cookie.path("path").asText("/"));
            if (cookie.path("secure").asBoolean()) {
                header.append("; Secure");
            }
            jar.store(playlist, header.toString());
        }
        return jar;
    }
}
