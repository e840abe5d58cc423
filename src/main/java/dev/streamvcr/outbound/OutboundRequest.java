package dev.streamvcr.outbound;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request made on a user's behalf, with its bounds. Immutable: the {@code with…} methods return a copy.
 *
 * @param method       {@code GET} or {@code POST} (a 303, or a 301/302 after a POST, turns into a GET, RFC 9110 §15.4)
 * @param headers      sent with every hop, besides Host, Cookie and Content-Type/-Length
 * @param body         null for none; sent again on a 307/308 only to the same origin
 * @param cookies      null to send and keep none
 * @param maxBytes     the largest body accepted, after decompression
 * @param maxRedirects redirects followed; one more fails with {@link OutboundFailure.Kind#TOO_MANY_REDIRECTS}
 * @param deadline     the whole exchange, redirects and body included
 */
public record OutboundRequest(URI uri, String method, Map<String, String> headers, byte[] body, CookieStore cookies,
        long maxBytes, int maxRedirects, Duration deadline) {

    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_REDIRECTS = 5;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    public OutboundRequest {
        headers = Map.copyOf(headers);
        if (maxBytes < 0 || maxRedirects < 0 || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /** A GET of {@code uri} with the default bounds: 5 MiB, 5 redirects, 30 s. */
    public static OutboundRequest get(URI uri) {
        return new OutboundRequest(uri, "GET", Map.of(), null, null, DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS,
                DEFAULT_DEADLINE);
    }

    /** This request as a POST of {@code form}, URL-encoded. */
    public OutboundRequest withForm(Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new OutboundRequest(uri, "POST", withHeader(headers, "Content-Type", "application/x-www-form-urlencoded"),
                encoded.getBytes(StandardCharsets.UTF_8), cookies, maxBytes, maxRedirects, deadline);
    }

    public OutboundRequest withHeader(String name, String value) {
        return new OutboundRequest(uri, method, withHeader(headers, name, value), body, cookies, maxBytes, maxRedirects,
                deadline);
    }

    public OutboundRequest withCookies(CookieStore store) {
        return new OutboundRequest(uri, method, headers, body, store, maxBytes, maxRedirects, deadline);
    }

    public OutboundRequest withMaxBytes(long bytes) {
        return new OutboundRequest(uri, method, headers, body, cookies, bytes, maxRedirects, deadline);
    }

    public OutboundRequest withMaxRedirects(int redirects) {
        return new OutboundRequest(uri, method, headers, body, cookies, maxBytes, redirects, deadline);
    }

    public OutboundRequest withDeadline(Duration whole) {
        return new OutboundRequest(uri, method, headers, body, cookies, maxBytes, maxRedirects, whole);
    }

    private static Map<String, String> withHeader(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }
}
