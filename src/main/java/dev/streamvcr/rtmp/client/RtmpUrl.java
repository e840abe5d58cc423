package dev.streamvcr.rtmp.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@code rtmp://} or {@code rtmps://} URL split into what the protocol sends: the application for
 * {@code connect}, the play path for {@code play}, and the {@code tcUrl}.
 *
 * <p>The split follows librtmp's {@code RTMP_ParseURL}, so URLs behave as with rtmpdump and ffmpeg's librtmp
 * input: the application is the first path segment, or two when there are three or more ({@code app/instance});
 * with four or more segments, three. {@code ondemand/...} keeps only {@code ondemand}. A query string containing
 * {@code slist=} makes the whole path the application and takes the play path from {@code slist}. The play path is
 * percent-decoded, loses a {@code .flv} extension, and {@code .mp4}/{@code .f4v}/{@code .mp3} become
 * {@code mp4:name}/{@code mp3:name} prefixes. The {@code tcUrl} is the URL up to the end of the application.
 *
 * @param port the explicit port, or 1935 for rtmp and 443 for rtmps
 */
public record RtmpUrl(String scheme, String host, int port, String app, String playPath, String tcUrl) {
    static final String NEEDS_APP_AND_STREAM =
            "RTMP URL needs an application and a stream name, e.g. rtmp://host/live/stream";

    public RtmpUrl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(playPath, "playPath");
        Objects.requireNonNull(tcUrl, "tcUrl");
    }

    /** @return whether the connection uses TLS ({@code rtmps}) */
    public boolean tls() {
        return scheme.equals("rtmps");
    }

    /**
     * @throws IllegalArgumentException with a message for the user when the URL is not a usable RTMP URL
     */
    public static RtmpUrl parse(String url) {
        return parse(url, null, null, null);
    }

    /**
     * The URL with librtmp's overrides ({@code app=}, {@code playpath=}, {@code tcUrl=} options; null for none),
     * applied as RTMP_SetupURL does: a given play path is taken as it is; without a tcUrl, a given application
     * makes the tcUrl {@code scheme://host:port/app}, otherwise the tcUrl is the URL up to the end of its
     * application. (librtmp writes the port it parsed, 0 when the URL names none; here it is the real port.)
     */
    static RtmpUrl parse(String url, String appOverride, String playPathOverride, String tcUrlOverride) {
        Authority authority = Authority.parse(url);
        String text = authority.text;
        String path = authority.pathStart < 0 ? "" : text.substring(authority.pathStart);
        int query = path.indexOf('?');
        String app;
        String rest;
        if (query >= 0 && path.contains("slist=")) {
            app = path;
            rest = path.substring(query);
        } else if (path.startsWith("ondemand/")) {
            app = "ondemand";
            rest = path.substring("ondemand/".length());
        } else {
            int slash2 = path.indexOf('/');
            int slash3 = slash2 < 0 ? -1 : path.indexOf('/', slash2 + 1);
            int slash4 = slash3 < 0 ? -1 : path.indexOf('/', slash3 + 1);
            int appEnd = slash4 >= 0 ? slash4 : slash3 >= 0 ? slash3 : slash2 >= 0 ? slash2 : path.length();
            app = path.substring(0, appEnd);
            rest = appEnd < path.length() ? path.substring(appEnd + 1) : "";
        }
        String playPath = playPathOverride != null ? playPathOverride : playPath(rest);
        String tcUrl;
        if (tcUrlOverride != null) {
            tcUrl = tcUrlOverride;
        } else if (appOverride != null) {
            tcUrl = authority.origin() + "/" + appOverride;
        } else {
            tcUrl = authority.pathStart < 0 ? text : text.substring(0, authority.pathStart + app.length());
        }
        if (appOverride != null) {
            app = appOverride;
        }
        if (app.isEmpty() || playPath.isEmpty()) {
            throw new IllegalArgumentException(NEEDS_APP_AND_STREAM);
        }
        return new RtmpUrl(authority.scheme, authority.host, authority.port, app, playPath, tcUrl);
    }

    /**
     * Where to go when the server asks to reconnect (E-RTMP v2 "Reconnect Request"): {@code tcUrl} may be absolute
     * ({@code rtmp://other/app}), network-path ({@code //other/app}), absolute-path ({@code /app}) or relative to this
     * tcUrl; empty means this tcUrl. The play path stays the same.
     *
     * @throws IllegalArgumentException when the result is not an rtmp:// or rtmps:// URL with a host
     */
    public RtmpUrl reconnectTo(String reference) {
        String target;
        if (reference == null || reference.isEmpty()) {
            target = tcUrl;
        } else if (reference.contains("://")) {
            target = reference;
        } else if (reference.startsWith("//")) {
            target = scheme + ":" + reference;
        } else if (reference.startsWith("/")) {
            target = Authority.parse(tcUrl).origin() + reference;
        } else {
            target = tcUrl.substring(0, tcUrl.lastIndexOf('/') + 1) + reference;
        }
        Authority authority = Authority.parse(target);
        String app = authority.pathStart < 0 ? "" : authority.text.substring(authority.pathStart);
        if (app.isEmpty()) {
            throw new IllegalArgumentException("The server asked to reconnect to " + target
                    + ", which names no application");
        }
        return new RtmpUrl(authority.scheme, authority.host, authority.port, app, playPath, authority.text);
    }

    /** Scheme, host and port of an RTMP URL, and where its path starts (-1 without one). */
    private record Authority(String text, String scheme, String host, int port, int pathStart) {
        String origin() {
            return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        static Authority parse(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("RTMP URL is empty");
            }
            String text = url.strip();
            int schemeEnd = text.indexOf("://");
            if (schemeEnd <= 0) {
                throw new IllegalArgumentException("Not an RTMP URL: it should start with rtmp:// or rtmps://");
            }
            String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            int defaultPort = switch (scheme) {
                case "rtmp" -> 1935;
                case "rtmps" -> 443;
                default -> throw new IllegalArgumentException("Unsupported URL scheme '" + scheme
                        + "://': only rtmp:// and rtmps:// are supported");
            };
            int authorityStart = schemeEnd + 3;
            int slash = text.indexOf('/', authorityStart);
            String authority = text.substring(authorityStart, slash < 0 ? text.length() : slash);
            if (authority.contains("@")) {
                throw new IllegalArgumentException("RTMP URLs cannot carry a user name or password before the host");
            }
            String host;
            String portText = null;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("RTMP URL has an unclosed IPv6 address: " + authority);
                }
                host = authority.substring(1, close);
                String after = authority.substring(close + 1);
                if (after.startsWith(":")) {
                    portText = after.substring(1);
                } else if (!after.isEmpty()) {
                    throw new IllegalArgumentException("RTMP URL has text after the IPv6 address: " + after);
                }
            } else {
                int colon = authority.indexOf(':');
                host = colon < 0 ? authority : authority.substring(0, colon);
                portText = colon < 0 ? null : authority.substring(colon + 1);
            }
            if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
                throw new IllegalArgumentException("RTMP URL has no valid host name");
            }
            int port = portText == null ? defaultPort : parsePort(portText);
            return new Authority(text, scheme, host, port, slash < 0 ? -1 : slash + 1);
        }
    }

    private static int parsePort(String text) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit)) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new IllegalArgumentException("RTMP URL has an invalid port '" + text + "' (expected 1 to 65535)");
    }

    /** librtmp's RTMP_ParsePlaypath: slist, extension rules, percent-decoding. */
    private static String playPath(String raw) {
        String path = raw;
        boolean fromSlist = false;
        int slist = raw.indexOf("slist=");
        if (raw.startsWith("?") && slist >= 0) {
            path = raw.substring(slist + "slist=".length());
            int amp = path.indexOf('&');
            if (amp >= 0) {
                path = path.substring(0, amp);
            }
            fromSlist = true;
        }
        int query = path.indexOf('?');
        int extAt = query >= 0 ? query - 4 : path.length() - 4;
        String ext = extAt >= 0 ? path.substring(extAt, extAt + 4) : "";
        String prefix = "";
        boolean strip = false;
        if (ext.equals(".mp4") || ext.equals(".f4v")) {
            prefix = "mp4:";
            strip = true;
        } else if (ext.equals(".flv") && !fromSlist) {
            strip = true;
        } else if (ext.equals(".mp3")) {
            prefix = "mp3:";
            strip = true;
        }
        if (!prefix.isEmpty() && path.startsWith(prefix)) {
            // already prefixed: librtmp then keeps the extension
            prefix = "";
            strip = false;
        }
        if (strip) {
            path = path.substring(0, extAt) + path.substring(extAt + 4);
        }
        return prefix + percentDecode(path);
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** Leaves out the query string, which often carries a secret key. */
    @Override
    public String toString() {
        int query = playPath.indexOf('?');
        String safePath = query < 0 ? playPath : playPath.substring(0, query) + "?…";
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + app + "/"
                + safePath;
    }
}
