package dev.streamvcr.outbound;

import java.net.URI;

/**
 * Why an outbound exchange produced no answer. {@link #getMessage()} is a sentence a user can act on; callers that
 * word failures their own way switch on {@link #kind()} and use {@link #reason()}. A non-2xx answer is not a
 * failure: it is returned.
 */
public final class OutboundFailure extends Exception {

    /** What went wrong, so callers can decide between giving up and trying again. */
    public enum Kind {
        /** Not an http:// or https:// address (the first or a redirect's), or for a WebSocket not ws:// or wss://. */
        NOT_HTTP,
        /** No host, a bad port or an unreadable redirect: trying again cannot help. */
        BAD_ADDRESS,
        /** The outbound policy refused the host (or a redirect's host); the reason is the policy's own sentence. */
        REFUSED,
        /** More redirects than the request allows. */
        TOO_MANY_REDIRECTS,
        /** A redirect would have sent the request body to another origin. */
        CROSS_ORIGIN_BODY,
        /** The body is larger than the request allows; reading stopped there. */
        TOO_LARGE,
        /** No answer within the connect, idle or whole-exchange time. */
        TIMEOUT,
        /** The connection was refused, reset or broke off, the name was not found, or TLS failed. */
        UNREACHABLE,
        /** The caller gave up on the exchange. */
        CANCELLED,
        /** A WebSocket handshake was answered with an HTTP status instead of switching protocols (RFC 6455 §4.1). */
        REJECTED
    }

    private final Kind kind;
    private final URI uri;
    private final String reason;

    /**
     * @param uri    the address of the hop that failed (after redirects)
     * @param reason why, as a clause ("the connection was refused"); for {@link Kind#REFUSED} the policy's sentence
     */
    public OutboundFailure(Kind kind, URI uri, String reason, Throwable cause) {
        super(kind == Kind.REFUSED ? reason : "Could not fetch " + uri + ": " + reason + ".", cause);
        this.kind = kind;
        this.uri = uri;
        this.reason = reason;
    }

    public OutboundFailure(Kind kind, URI uri, String reason) {
        this(kind, uri, reason, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The address of the hop that failed. */
    public URI uri() {
        return uri;
    }

    /** The host of that address as it was written (an IPv6 literal keeps its brackets). */
    public String host() {
        return uri.getHost() == null ? String.valueOf(uri) : uri.getHost();
    }

    /** Why, as a clause to follow "could not …: "; for {@link Kind#REFUSED} the policy's whole sentence. */
    public String reason() {
        return reason;
    }

    /** Whether the same request may succeed later (a timeout or a broken connection). */
    public boolean isTransient() {
        return kind == Kind.TIMEOUT || kind == Kind.UNREACHABLE;
    }
}
