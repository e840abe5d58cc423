package dev.streamvcr.site.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundWebSocket;
import dev.streamvcr.outbound.OutboundWebSocketRequest;
import dev.streamvcr.site.HeldSession;
import dev.streamvcr.site.SiteException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * A viewer's seat in a live broadcast, held over the site's WebSocket the way Niconico Live's player holds it: sends
 * {@code startWatching}, takes the {@code stream} the site offers, answers every {@code ping} with {@code pong} and
 * sends {@code keepSeat} as often as the {@code seat} message asks, until it is closed here or the site ends it.
 * Everything happens on the Vert.x context the session was started on; {@link #close()} may be called from any thread.
 */
final class WatchSession implements HeldSession {

    private static final Logger LOG = Logger.getLogger(WatchSession.class);
    /** The seat is kept this often until the site says how often (real sites ask for 30 s). */
    static final int DEFAULT_KEEP_SECONDS = 30;
    private static final Map<String, String> REASONS = Map.of(
            "END_PROGRAM", "the broadcast ended",
            "TAKEOVER", "the broadcast was opened elsewhere with the same account",
            "PING_TIMEOUT", "the site missed the answers to its pings",
            "SEAT_EXPIRED", "the seat was not kept",
            "CROWDED", "the broadcast is full",
            "NO_PERMISSION", "the account may not watch this broadcast",
            "NOT_ON_AIR", "the broadcast is not on air",
            "BROADCAST_NOT_FOUND", "there is no such broadcast",
            "MAINTENANCE_IN", "the site is under maintenance",
            "SERVICE_TEMPORARILY_UNAVAILABLE", "the site is temporarily unavailable");

    /** Where a session stands; every change goes through {@link #moveTo}. */
    enum State { OPENING, WAITING_FOR_STREAM, WATCHING, ENDED, CLOSED }

    /** What the site's {@code stream} message offered: the playlist and the cookies to send with it. */
    record StreamOffer(String uri, List<JsonNode> cookies) {
    }

    private final Vertx vertx;
    private final Context context;
    private final CompletableFuture<StreamOffer> stream = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private State state = State.OPENING;
    private OutboundWebSocket socket;
    private long keepTimer = -1;
    /** The last {@code disconnect} reason or {@code error} code the site sent, or null. */
    private String siteReason;

    private WatchSession(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    /** Opens the WebSocket of {@code request} and starts watching; the caller waits on {@link #stream()}. */
    static WatchSession start(Vertx vertx, OutboundHttpClient client, OutboundWebSocketRequest request) {
        WatchSession session = new WatchSession(vertx);
        session.context.runOnContext(v -> client.openWebSocket(request).onComplete(opened -> {
            if (opened.failed()) {
                session.stream.completeExceptionally(new SiteException("The watch session could not be opened: "
                        + (opened.cause() instanceof OutboundFailure f && f.kind() == OutboundFailure.Kind.REFUSED
                        ? f.reason() : opened.cause().getMessage())));
                session.moveTo(State.ENDED);
            } else {
                session.opened(opened.result());
            }
        }));
        return session;
    }

    /** Completes with the site's stream offer, or fails with a {@link SiteException} saying why there is none. */
    CompletableFuture<StreamOffer> stream() {
        return stream;
    }

    @Override
    public CompletionStage<String> ended() {
        return ended;
    }

    @Override
    public void close() {
        context.runOnContext(v -> moveTo(State.CLOSED));
    }

    private void opened(OutboundWebSocket opened) {
        if (state == State.CLOSED) {
            opened.close();
            return;
        }
        socket = opened;
        socket.onText(this::message); // first: a disconnect reason sent before an early close is read before it
        socket.closed().onSuccess(this::socketClosed);
        socket.send(WatchMessage.startWatching());
        moveTo(State.WAITING_FOR_STREAM);
    }

    private void message(String text) {
        WatchMessage message;
        try {
            message = WatchMessage.parse(text);
        } catch (IllegalArgumentException e) {
            LOG.debugf("Watch session on %s: %s", socket.uri().getHost(), e.getMessage());
            return;
        }
        switch (message.type()) {
            case PING -> socket.send(WatchMessage.pong());
            case SEAT -> keepSeat(message.data().path("keepIntervalSec").asInt(DEFAULT_KEEP_SECONDS));
            case STREAM -> offered(message);
            case DISCONNECT -> siteReason = message.text("reason");
            case ERROR -> {
                siteReason = message.text("code");
                if (state == State.WAITING_FOR_STREAM) {
                    stream.completeExceptionally(new SiteException("The site refused the watch session: "
                            + words(siteReason) + "."));
                    moveTo(State.CLOSED);
                }
            }
            default -> { } // comments, statistics and the like: a recorder needs none of them
        }
    }

    private void keepSeat(int seconds) {
        if (keepTimer >= 0) {
            vertx.cancelTimer(keepTimer);
        }
        keepTimer = vertx.setPeriodic(Math.max(1, seconds) * 1000L, t -> socket.send(WatchMessage.keepSeat()));
    }

    private void offered(WatchMessage message) {
        if (state != State.WAITING_FOR_STREAM) {
            return; // a new offer while watching (a quality change) leaves the recording on the first one
        }
        String uri = message.text("uri");
        if (uri.isEmpty()) {
            stream.completeExceptionally(new SiteException("The site's stream message has no address."));
            moveTo(State.CLOSED);
            return;
        }
        List<JsonNode> cookies = new ArrayList<>();
        message.data().path("cookies").forEach(cookies::add);
        moveTo(State.WATCHING);
        stream.complete(new StreamOffer(uri, List.copyOf(cookies)));
    }

    private void socketClosed(OutboundWebSocket.Closure closure) {
        if (state == State.CLOSED || state == State.ENDED) {
            return;
        }
        String why = siteReason != null ? words(siteReason) : closure.describe();
        if (state == State.WATCHING) {
            ended.complete("the site closed the watch session (" + why + ")");
        } else {
            stream.completeExceptionally(new SiteException("The site closed the watch session before sending the "
                    + "stream (" + why + ")."));
        }
        moveTo(State.ENDED);
    }

    /** The one place the state changes; leaving for good stops the seat timer and closes the socket. */
    private void moveTo(State next) {
        switch (next) {
            case WAITING_FOR_STREAM, WATCHING -> state = next;
            case ENDED, CLOSED -> {
                if (state == State.ENDED || state == State.CLOSED) {
                    return;
                }
                state = next;
                if (keepTimer >= 0) {
                    vertx.cancelTimer(keepTimer);
                    keepTimer = -1;
                }
                if (socket != null) {
                    socket.close();
                }
                stream.completeExceptionally(new SiteException("The watch session was closed."));
            }
            default -> throw new IllegalStateException("a watch session never goes back to " + next);
        }
    }

    /** A site's reason or error code in words, the code kept for reference. */
    static String words(String code) {
        String known = REASONS.get(code);
        return known == null ? "reason " + code : known + " (" + code + ")";
    }
}
