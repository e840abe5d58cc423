package dev.streamvcr.rtmp.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a playing client sends in {@code connect} (RTMP spec 7.2.1.1): the command object's properties and the
 * optional arguments after it ({@code auth} and {@code conn} data, as librtmp appends them).
 *
 * @param flashVer       sent unless null or empty
 * @param swfUrl         sent unless null or empty
 * @param pageUrl        sent unless null or empty
 * @param extraArguments AMF0 values appended after the command object, in order
 */
public record ConnectParams(String app, String tcUrl, String flashVer, String swfUrl, String pageUrl,
        List<Object> extraArguments) {
    /**
     * E-RTMP v1 {@code fourCcList}: the codecs whose media this client passes through (it records, it does not
     * decode): video AV1, VP9, VP8, HEVC, H.264; audio AC-3, E-AC-3, Opus, MP3, FLAC, AAC.
     */
    public static final List<String> FOURCC_LIST =
            List.of("av01", "vp09", "vp08", "hvc1", "avc1", "ac-3", "ec-3", "Opus", ".mp3", "fLaC", "mp4a");
    /** E-RTMP v2 FourCcInfoMask.CanForward. */
    static final double CAN_FORWARD = 0x04;
    /** E-RTMP v2 CapsExMask.Reconnect: this client honours NetConnection.Connect.ReconnectRequest. */
    static final double CAPS_EX_RECONNECT = 0x01;

    public ConnectParams {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(tcUrl, "tcUrl");
        extraArguments = Collections.unmodifiableList(new ArrayList<>(extraArguments));
    }

    public ConnectParams(String app, String tcUrl, String flashVer, String swfUrl, String pageUrl) {
        this(app, tcUrl, flashVer, swfUrl, pageUrl, List.of());
    }

    /**
     * The properties in the order librtmp 2.4 sends them (SendConnectPacket): app, flashVer, swfUrl, tcUrl, fpad,
     * capabilities, audioCodecs, videoCodecs, videoFunction, pageUrl; like librtmp no objectEncoding (AMF0 is the
     * default). The one intended difference from rtmpdump follows: the Enhanced RTMP capabilities (E-RTMP v1
     * "Enhancing NetConnection connect Command": fourCcList; v2: videoFourCcInfoMap, audioFourCcInfoMap, capsEx),
     * so that servers send HEVC, AV1, VP9, Opus and the like to us by FourCC.
     */
    Map<String, Object> toCommandObject() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", app);
        putIfPresent(object, "flashVer", flashVer);
        putIfPresent(object, "swfUrl", swfUrl);
        object.put("tcUrl", tcUrl);
        object.put("fpad", false);
        object.put("capabilities", 15.0);
        // spec 7.2.1.1: every audio codec bit (0x0C77) except the unused ones, video Sorenson..H.264 (0xFC)
        object.put("audioCodecs", 3191.0);
        object.put("videoCodecs", 252.0);
        object.put("videoFunction", 1.0);
        putIfPresent(object, "pageUrl", pageUrl);
        object.put("fourCcList", FOURCC_LIST);
        // a recorder forwards whatever codec arrives: the wildcard key, as E-RTMP v2 suggests for recorders
        object.put("videoFourCcInfoMap", Map.of("*", CAN_FORWARD));
        object.put("audioFourCcInfoMap", Map.of("*", CAN_FORWARD));
        object.put("capsEx", CAPS_EX_RECONNECT);
        return object;
    }

    private static void putIfPresent(Map<String, Object> object, String name, String value) {
        if (value != null && !value.isEmpty()) {
            object.put(name, value);
        }
    }
}
