package dev.streamvcr.site;

import dev.streamvcr.rtmp.client.RtmpSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a booked address is: a stream the recorder plays itself ({@code rtmp://}/{@code rtmps://}, optionally followed
 * by librtmp-style {@code key=value} options, or an HLS {@code .m3u8} playlist), or a web page that announces one and
 * has to be resolved first.
 *
 * @param url     the address without options
 * @param options the librtmp-style options after the first space, or an empty string
 */
public record StreamAddress(Kind kind, String url, String options) {

    /** How an address is recorded. */
    public enum Kind {
        /** {@code rtmp://} or {@code rtmps://}: our own RTMP client. */
        RTMP,
        /** An {@code http(s)://…​.m3u8} playlist. */
        HLS,
        /** Any other {@code http(s)://} address: a page to resolve. */
        PAGE
    }

    /** Whether the recorder can use this address as it is, without resolving a page. */
    public boolean isStream() {
        return kind != Kind.PAGE;
    }

    /** Whether {@code raw} reads as a page address; false for a stream address and for what cannot be read. */
    public static boolean isPage(String raw) {
        try {
            return parse(raw).kind() == Kind.PAGE;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The address as a reservation keeps it: the URL and, for RTMP, its options. */
    public String line() {
        return options.isEmpty() ? url : url + " " + options;
    }

    /** The host to check against the outbound policy. */
    public String host() {
        return kind == Kind.RTMP ? RtmpSource.parse(line()).url().host() : URI.create(url).getHost();
    }

    /**
     * Reads an address a person typed or a resolver found.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    public static StreamAddress parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("The address is empty.");
        }
        int space = firstSpace(text);
        String url = space < 0 ? text : text.substring(0, space);
        String options = space < 0 ? "" : text.substring(space + 1).strip().replaceAll("\\s+", " ");
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtmp://") || lower.startsWith("rtmps://")) {
            RtmpSource.parse(url + (options.isEmpty() ? "" : " " + options)); // librtmp(3) URL and options
            return new StreamAddress(Kind.RTMP, url, options);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("A web address cannot contain spaces.");
            }
            URI uri = webUri(url);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().toLowerCase(Locale.ROOT);
            return new StreamAddress(path.endsWith(".m3u8") ? Kind.HLS : Kind.PAGE, url, "");
        }
        throw new IllegalArgumentException("Paste the address of a page that announces the broadcast (http:// or "
                + "https://) or of a stream (rtmp://, rtmps:// or an .m3u8 playlist).");
    }

    /** The page or playlist address as a URI; refuses what a browser would not load. */
    public static URI webUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid web address: " + e.getReason() + ".");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("The web address '" + url + "' has no host name.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Web addresses with a user name or password before the host are not "
                    + "accepted; store site logins as a site account instead.");
        }
        return uri;
    }

    private static int firstSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
