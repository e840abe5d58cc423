package dev.streamvcr.rtmp.client;

import java.util.Objects;

/** Why an RTMP play attempt failed or a playing stream ended. The message is meant for the user. */
public final class RtmpFailure extends Exception {
    public enum Kind {
        /** TCP connect refused, unreachable or timed out. Retryable. */
        CONNECT_FAILED(true),
        /** The peer did not complete the RTMP handshake (in time, or with RTMP version 3). Retryable. */
        HANDSHAKE_FAILED(true),
        /** TLS handshake or certificate check failed (rtmps). Not retryable: it needs a configuration change. */
        TLS_FAILED(false),
        /** The server refused the connection, the stream creation or the play request. Not retryable. */
        REJECTED(false),
        /** The server has no such stream now. Retryable: a live stream may start later. */
        STREAM_NOT_FOUND(true),
        /** The publisher stopped, or the server signalled the end of the stream. Retryable for live streams. */
        STREAM_ENDED(true),
        /** The connection closed or broke unexpectedly. Retryable. */
        CONNECTION_LOST(true),
        /**
         * The server did not answer the play request within {@link RtmpClientOptions#playTimeout()}, or sent no
         * audio or video for {@link RtmpClientOptions#idleTimeout()}. Retryable.
         */
        TIMEOUT(true),
        /** The server reports too little bandwidth for the stream (InsufficientBW). Retryable. */
        INSUFFICIENT_BANDWIDTH(true),
        /**
         * The server asked the client to reconnect (E-RTMP NetConnection.Connect.ReconnectRequest), possibly to
         * another server: see {@link RtmpFailure#reconnectTcUrl()}. Retryable at once.
         */
        RECONNECT_REQUESTED(true),
        /**
         * Audio or video reached the stop position ({@link RtmpClientOptions#stopMs()}): the stream ended as asked.
         * Not a failure; nothing to retry.
         */
        STOP_REACHED(false),
        /** The server broke the RTMP protocol. Not retryable: it would most likely happen again. */
        PROTOCOL_ERROR(false),
        /** {@link RtmpPlayer#close()} was called, or the listener failed. Not retryable. */
        CLOSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final String reconnectTcUrl;

    public RtmpFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public RtmpFailure(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    private RtmpFailure(Kind kind, String message, Throwable cause, String reconnectTcUrl) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reconnectTcUrl = reconnectTcUrl;
    }

    /** A {@link Kind#RECONNECT_REQUESTED} to this absolute tcUrl (the current one when the server named none). */
    static RtmpFailure reconnectRequested(String message, String tcUrl) {
        return new RtmpFailure(Kind.RECONNECT_REQUESTED, message, null, Objects.requireNonNull(tcUrl, "tcUrl"));
    }

    /** For {@link Kind#RECONNECT_REQUESTED}: the absolute tcUrl to reconnect to; otherwise null. */
    public String reconnectTcUrl() {
        return reconnectTcUrl;
    }

    public Kind kind() {
        return kind;
    }

    /** @return whether trying again later, unchanged, may succeed */
    public boolean retryable() {
        return kind.retryable;
    }

    @Override
    public String toString() {
        return "RtmpFailure[" + kind + "]: " + getMessage();
    }
}
