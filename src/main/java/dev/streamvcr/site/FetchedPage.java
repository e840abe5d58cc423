package dev.streamvcr.site;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * One answer from a site: the final URI after redirects, the status, the content type and the body (already
 * bounded in size by the session that fetched it).
 */
public record FetchedPage(URI uri, int status, String contentType, byte[] body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body decoded with the charset the content type names, UTF-8 when it names none or an unknown one. */
    public String text() {
        return new String(body, charset());
    }

    Charset charset() {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("charset=")) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        break;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
