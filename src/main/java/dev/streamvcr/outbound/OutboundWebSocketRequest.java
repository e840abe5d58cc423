package dev.streamvcr.outbound;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket to open on a user's behalf, with its bounds. Immutable: the {@code with…} methods return a copy.
 *
 * @param uri             a {@code ws://} or {@code wss://} address
 * @param headers         sent with the opening handshake besides Host, Cookie and the handshake's own (an
 *                        {@code Origin} a site checks goes here: none is made up)
 * @param cookies         read for the handshake's {@code Cookie} header and given its {@code Set-Cookie} headers;
 *                        null to send and keep none
 * @param openTimeout     the whole opening: the host check, the connection and the handshake
 * @param maxMessageBytes the largest message accepted from the server, whole (all its frames); a larger one closes
 *                        the socket with status 1009 (RFC 6455 §7.4.1)
 */
public record OutboundWebSocketRequest(URI uri, Map<String, String> headers, CookieStore cookies, Duration openTimeout,
        int maxMessageBytes) {

    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    /** No request may accept more in one message: the client reads at most this much of a frame before checking. */
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    public OutboundWebSocketRequest {
        headers = Map.copyOf(headers);
        if (openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("the open timeout must be positive");
        }
        if (maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("the message cap must be from 1 to " + MAX_MESSAGE_BYTES + " bytes");
        }
    }

    /** A WebSocket to {@code uri} with the default bounds: opened within 10 s, messages up to 64 KiB. */
    public static OutboundWebSocketRequest to(URI uri) {
        return new OutboundWebSocketRequest(uri, Map.of(), null, DEFAULT_OPEN_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public OutboundWebSocketRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OutboundWebSocketRequest(uri, copy, cookies, openTimeout, maxMessageBytes);
    }

    public OutboundWebSocketRequest withCookies(CookieStore store) {
        return new OutboundWebSocketRequest(uri, headers, store, openTimeout, maxMessageBytes);
    }

    public OutboundWebSocketRequest withOpenTimeout(Duration timeout) {
        return new OutboundWebSocketRequest(uri, headers, cookies, timeout, maxMessageBytes);
    }

    public OutboundWebSocketRequest withMaxMessageBytes(int bytes) {
        return new OutboundWebSocketRequest(uri, headers, cookies, openTimeout, bytes);
    }
}
