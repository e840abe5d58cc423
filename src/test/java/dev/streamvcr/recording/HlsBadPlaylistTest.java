package dev.streamvcr.recording;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Addresses that lead to no recordable HLS stream, booked through the API: each reservation fails as soon as it
 * starts, not at its booked end, with a reason a user can act on; a healthy stream recorded at the same time by the
 * same app is not disturbed.
 */
@QuarkusTest
class HlsBadPlaylistTest {

    private static final String PLAYLIST = "application/vnd.apple.mpegurl";
    private static final String LINK_LOCAL = "are not allowed: link-local, metadata, broadcast and reserved addresses "
            + "are always refused.";
    private static final int BOOKED_SECONDS = 40;

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream("bystander", HlsMuxing.mpegTs(16), LiveOptions.defaults())
            .stream("garbled", HlsMuxing.mpegTs(16), LiveOptions.defaults().malformed(1, "#EXTINF:two seconds,"))
            .stream("forbidden-key", HlsMuxing.aes128(16), LiveOptions.defaults()
                    .withKeyUris(segment -> "http://169.254.169.254/latest/key.bin"))
            .page("/show/index.m3u8", "text/html; charset=utf-8",
                    "<!DOCTYPE html>\n<html><head><title>Live show</title></head><body>Watch here</body></html>\n")
            .page("/iframes/master.m3u8", PLAYLIST, "#EXTM3U\n"
                    + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,RESOLUTION=640x360,URI=\"iframes.m3u8\"\n"
                    + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nrtsp://127.0.0.1/cam\n")
            .redirect("/loop/index.m3u8", "/loop/again.m3u8")
            .redirect("/loop/again.m3u8", "/loop/index.m3u8")
            .page("/link-local/master.m3u8", PLAYLIST, "#EXTM3U\n"
                    + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nhttp://[fe80::1]/live/index.m3u8\n")
            .redirect("/metadata/index.m3u8", "http://169.254.169.254/latest/meta-data/index.m3u8");

    private static Map<String, OriginRecording> bookings;

    /** Every booking before the first test, so they run at once, as on a busy node. */
    @BeforeEach
    void bookEveryAddressOnce() {
        if (bookings == null) {
            Api.Account user = Api.newUser("user");
            Instant start = Instant.now().plusSeconds(3);
            bookings = new HashMap<>();
            for (String address : List.of("/show/index.m3u8", "/iframes/master.m3u8", "/loop/index.m3u8",
                    "/link-local/master.m3u8", "/metadata/index.m3u8")) {
                bookings.put(address, OriginRecording.book(user, ORIGIN, address, ORIGIN.url(address), null, start,
                        BOOKED_SECONDS));
            }
            for (String stream : List.of("bystander", "garbled", "forbidden-key")) {
                bookings.put(stream, OriginRecording.book(user, ORIGIN, stream, null, BOOKED_SECONDS));
            }
        }
    }

    /** Asserts the reservation failed well before its booked end and returns its reason. */
    private static String failedAtOnce(String booking) {
        JsonPath done = bookings.get(booking).awaitFinal();
        String reason = done.getString("stateReason");
        System.out.printf("MEASURED origin bad playlist %s: %s, \"%s\"%n", booking, done.getString("state"), reason);
        assertEquals("FAILED", done.getString("state"), reason + " " + done.getList("history.reason"));
        Instant failedAt = Instant.parse(done.getString("history[-1].at"));
        assertTrue(failedAt.isBefore(bookings.get(booking).startAt.plusSeconds(10)),
                "failed at " + failedAt + ", not soon after the start at " + bookings.get(booking).startAt);
        return reason;
    }

    @Test
    void anHtmlPageInsteadOfAPlaylistSaysItIsNoPlaylist() {
        assertEquals("The address answered something that is not an HLS playlist (text/html; charset=utf-8): not an "
                + "HLS playlist: the first line is not #EXTM3U.", failedAtOnce("/show/index.m3u8"));
    }

    @Test
    void aMasterPlaylistWithoutARecordableVariantSaysSo() {
        assertEquals("The stream cannot be recorded: the master playlist lists no variant that can be recorded.",
                failedAtOnce("/iframes/master.m3u8"));
    }

    @Test
    void aRedirectLoopEndsAfterFiveRedirects() {
        assertEquals("The playlist could not be loaded: 127.0.0.1: more than 5 redirects.",
                failedAtOnce("/loop/index.m3u8"));
    }

    @Test
    void aPlaylistAtAForbiddenAddressIsRefusedWithThePolicysReason() {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("title", "Metadata", "sourceUrl", "http://169.254.169.254/live/index.m3u8",
                "startAt", Instant.now().plusSeconds(60).toString(), "durationSeconds", 60))
                .post("/api/v1/reservations").then().statusCode(400)
                .body("fields.sourceUrl", equalTo("Connections to 169.254.169.254 " + LINK_LOCAL));
        // found only at the start: a variant, a redirect
        assertEquals("The playlist could not be loaded: Connections to fe80::1 " + LINK_LOCAL,
                failedAtOnce("/link-local/master.m3u8"));
        assertEquals("The playlist could not be loaded: Connections to 169.254.169.254 " + LINK_LOCAL,
                failedAtOnce("/metadata/index.m3u8"));
    }

    @Test
    void aKeyAtAForbiddenAddressIsRefusedWithThePolicysReason() {
        assertEquals("The stream's key cannot be fetched: Connections to 169.254.169.254 " + LINK_LOCAL,
                failedAtOnce("forbidden-key"));
        assertEquals(List.of(), ORIGIN.segmentsFetched("forbidden-key", ""), "no segment that cannot be decrypted");
    }

    @Test
    void aMalformedTagLineIsNamedWithItsLineNumber() {
        // #EXTM3U, VERSION, TARGETDURATION, MEDIA-SEQUENCE, segment 0's two lines, then segment 1's EXTINF: line 7
        assertEquals("The playlist cannot be read: line 7: EXTINF needs a number of seconds, got 'two seconds'.",
                failedAtOnce("garbled"));
        assertEquals(List.of(), ORIGIN.segmentsFetched("garbled", ""));
    }

    @Test
    void aHealthyStreamRecordedMeanwhileIsUndisturbed() {
        OriginRecording bystander = bookings.get("bystander");
        JsonPath done = bystander.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        bystander.assertEachSegmentFetchedOnce("", Set.of());
        assertEquals(List.of(), bystander.recording(done).getList("gaps"));
    }
}
