package dev.streamvcr.rtmp.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;

/** A playing RTMP stream. Create it with {@link #play}; it ends with exactly one {@link RtmpPlayListener#onEnd}. */
public final class RtmpPlayer {
    private final PlaySession session;

    private RtmpPlayer(PlaySession session) {
        this.session = session;
    }

    /**
     * Connects to {@code address} (already resolved by the caller's outbound policy; {@code url.host()} is still
     * used for the tcUrl and for TLS SNI and certificate checks), handshakes, sends connect → createStream → play,
     * and completes when the server answers NetStream.Play.Start or the first media arrives. Fails with an
     * {@link RtmpFailure} otherwise, and with {@link RtmpFailure.Kind#TIMEOUT} when neither happens within
     * {@link RtmpClientOptions#playTimeout()} of the connection being up; a failed play leaves no connection open.
     * All listener calls happen on the calling Vert.x context (a new event-loop context when called from outside
     * one). The future completes on that context before the first {@link RtmpPlayListener#onMedia} call, so its
     * handlers can keep the player for use inside the listener.
     */
    public static Future<RtmpPlayer> play(Vertx vertx, SocketAddress address, RtmpUrl url,
            RtmpClientOptions options, RtmpPlayListener listener) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Context context = vertx.getOrCreateContext();
        PlaySession session = new PlaySession(vertx, context, address, url, options, listener);
        RtmpPlayer player = new RtmpPlayer(session);
        return session.start().map(player);
    }

    /**
     * Stops delivering media after the current message (an aggregate message is delivered whole) and stops reading
     * the socket, so the server's sending is held back by TCP. The idle timeout does not run while paused.
     */
    public void pause() {
        session.pause();
    }

    /** Delivers what was held back, then reads the socket again. */
    public void resume() {
        session.resume();
    }

    /**
     * Sends deleteStream (best effort) and closes the connection; {@link RtmpPlayListener#onEnd} then gets
     * {@link RtmpFailure.Kind#CLOSED} unless the stream had already ended. Safe to call more than once.
     *
     * @return completes when the connection is closed
     */
    public Future<Void> close() {
        return session.close();
    }

    /** @return bytes received on the connection so far, handshake included */
    public long bytesReceived() {
        return session.bytesReceived();
    }
}
