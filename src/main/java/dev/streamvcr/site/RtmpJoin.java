package dev.streamvcr.site;

import dev.streamvcr.rtmp.client.RtmpUrl;
import java.util.Locale;

/**
 * Joins what players keep apart, a server URL ({@code rtmp://host/app}) and a stream name ({@code ch1}), into one
 * source line. When appending the name would move the application boundary under librtmp's URL split (e.g. a name
 * with slashes), the line keeps the joined URL and states {@code app=} and {@code playpath=} explicitly.
 */
public final class RtmpJoin {

    private RtmpJoin() {
    }

    /** The source line, or null when the two do not make an RTMP address. */
    public static String join(String server, String stream) {
        if (server == null || stream == null) {
            return null;
        }
        String base = server.strip();
        String name = stream.strip();
        String lower = base.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("rtmp://") || lower.startsWith("rtmps://")) || name.isEmpty()
                || name.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("rtmp")) {
            return name.contains("://") ? name : null;
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        int hostEnd = base.indexOf('/', base.indexOf("://") + 3);
        if (hostEnd < 0) {
            return null; // the server names no application
        }
        String app = base.substring(hostEnd + 1);
        String joined = base + "/" + name;
        try {
            RtmpUrl parsed = RtmpUrl.parse(joined);
            if (parsed.app().equals(app)) {
                return joined;
            }
            return joined + " app=" + app + " playpath=" + name; // librtmp(3) options, read by RtmpSource
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
