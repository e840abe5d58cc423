package dev.streamvcr.rtmp.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The command object of {@code connect} (RTMP spec 7.2.1.1) for a playing client.
 *
 * @param swfUrl  optional (null to leave out)
 * @param pageUrl optional (null to leave out)
 */
public record ConnectParams(String app, String tcUrl, String flashVer, String swfUrl, String pageUrl) {
    public ConnectParams {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(tcUrl, "tcUrl");
        Objects.requireNonNull(flashVer, "flashVer");
    }

    /** Properties in the order rtmpdump sends them; the capability values are those of a Flash 9 player. */
    Map<String, Object> toCommandObject() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", app);
        object.put("flashVer", flashVer);
        if (swfUrl != null) {
            object.put("swfUrl", swfUrl);
        }
        object.put("tcUrl", tcUrl);
        object.put("fpad", false);
        object.put("capabilities", 15.0);
        // spec 7.2.1.1: every audio codec bit (0x0C77) except the unused ones, video Sorenson..H.264 (0xFC)
        object.put("audioCodecs", 3191.0);
        object.put("videoCodecs", 252.0);
        object.put("videoFunction", 1.0);
        if (pageUrl != null) {
            object.put("pageUrl", pageUrl);
        }
        object.put("objectEncoding", 0.0);
        return object;
    }
}
