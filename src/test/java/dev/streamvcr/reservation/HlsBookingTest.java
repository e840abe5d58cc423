package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.equalTo;

import dev.streamvcr.Api;
import dev.streamvcr.site.fixture.PlaylistSite;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Booking an HLS stream: its options are checked field by field, and DRM visible at booking time refuses it. */
@QuarkusTest
class HlsBookingTest {

    private static final String SEGMENTS = "#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXTINF:2,\nb.ts\n";
    @RegisterExtension
    static final PlaylistSite SITE = new PlaylistSite()
            .playlist("/plain.m3u8", "#EXTM3U\n" + SEGMENTS)
            .playlist("/fairplay.m3u8", "#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k\","
                    + "KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"\n" + SEGMENTS)
            .playlist("/master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nplain.m3u8\n"
                    + "#EXT-X-STREAM-INF:BANDWIDTH=4000000,RESOLUTION=1920x1080\nwidevine.m3u8\n")
            .playlist("/widevine.m3u8", "#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI=\"data:text/plain;base64,AA==\","
                    + "KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\"\n" + SEGMENTS);

    private static Map<String, Object> booking(String source, Map<String, Object> hls) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "HLS", "sourceUrl", source,
                "startAt", Instant.now().plusSeconds(3600).toString(), "durationSeconds", 600));
        if (hls != null) {
            body.put("hls", hls);
        }
        return body;
    }

    @Test
    void drmVisibleAtBookingIsRefusedAgainstTheAddress() {
        Api.Account user = Api.newUser("user");
        user.api().body(booking(SITE.url("/fairplay.m3u8"), null)).post("/api/v1/reservations").then()
                .statusCode(400).body("fields.sourceUrl", equalTo("The stream is protected by DRM (SAMPLE-AES, "
                        + "com.apple.streamingkeydelivery) and cannot be recorded."));
        // the variant that would be recorded is the one looked at: the best one here, the small one when asked
        user.api().body(booking(SITE.url("/master.m3u8"), null)).post("/api/v1/reservations").then()
                .statusCode(400).body("fields.sourceUrl", equalTo("The stream is protected by DRM (SAMPLE-AES-CTR, "
                        + "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed) and cannot be recorded."));
        user.api().body(booking(SITE.url("/master.m3u8"), Map.of("maxHeight", 360))).post("/api/v1/reservations")
                .then().statusCode(201).body("hls.maxHeight", equalTo(360));
        // a playlist that is not there yet may be there at the start
        user.api().body(booking(SITE.url("/later.m3u8"), null)).post("/api/v1/reservations").then().statusCode(201);
        user.api().body(booking(SITE.url("/plain.m3u8"), Map.of("keepAds", true, "variant", "720p")))
                .post("/api/v1/reservations").then().statusCode(201)
                .body("hls.keepAds", equalTo(true)).body("hls.variant", equalTo("720p"));
    }

    @Test
    void badOptionsAreRefusedAgainstTheHlsField() {
        Api.Account user = Api.newUser("user");
        user.api().body(booking(SITE.url("/plain.m3u8"), Map.of("maxHeight", "tall"))).post("/api/v1/reservations")
                .then().statusCode(400).body("fields.hls", equalTo("Option maxHeight must be a whole number from 1 "
                        + "to 100000, not 'tall'."));
        user.api().body(booking(SITE.url("/plain.m3u8"), Map.of("bitrate", 5))).post("/api/v1/reservations").then()
                .statusCode(400).body("fields.hls", equalTo("Unknown HLS option 'bitrate'; the options are maxHeight, "
                        + "maxBandwidth, variant, audio, keepAds."));
        user.api().body(booking("rtmp://127.0.0.1/live/cam", Map.of("maxHeight", 720))).post("/api/v1/reservations")
                .then().statusCode(400).body("fields.hls", equalTo("HLS options apply to .m3u8 playlists (or pages "
                        + "that lead to one), not to an rtmp:// stream."));
        user.api().body(booking(SITE.url("/plain.m3u8"), Map.of("maxBandwidth", "3M"))).post("/api/v1/reservations")
                .then().statusCode(201).body("hls.maxBandwidth", equalTo(3_000_000));
    }
}
