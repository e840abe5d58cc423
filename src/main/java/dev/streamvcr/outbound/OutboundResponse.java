package dev.streamvcr.outbound;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The final answer of an exchange, after redirects: any status, 2xx or not.
 *
 * @param uri     the address that answered (the last redirect's target)
 * @param headers by lower-case name, values in the order received
 * @param body    at most the request's {@code maxBytes}
 */
public record OutboundResponse(URI uri, int status, String statusMessage, Map<String, List<String>> headers,
        byte[] body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
