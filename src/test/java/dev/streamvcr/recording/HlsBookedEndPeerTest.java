package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import dev.streamvcr.hls.origin.MuxedStream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The booked end of a live HLS recording: a segment is listed only once it is whole, and a reload sees it up to a
 * target duration later. At the end the playlist is read once more, and what it lists is fetched; nothing listed after.
 */
@QuarkusTest
class HlsBookedEndPeerTest {

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream("live", HlsMuxing.mpegTs(40), LiveOptions.defaults().withoutEndList());

    @Test
    void theSegmentListedJustBeforeTheBookedEndIsRecordedAndNoneListedAfterIt() {
        Api.Account user = Api.newUser("user");
        MuxedStream.Rendition segments = ORIGIN.muxed("live").renditions().get("");
        int seconds = 8;
        Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        Instant end = start.plusSeconds(seconds);
        // the stream's clock lists segment 6 (whole at 14 s) 0.2 s before the booked end; 0 to 2 are listed at the start
        int last = 6;
        ORIGIN.goLive("live", end.minusMillis(200).minusNanos((long) (segments.endSeconds(last) * 1e9)));
        OriginRecording recording = OriginRecording.book(user, ORIGIN, "live", ORIGIN.playlistUrl("live"), null,
                start, seconds);

        JsonPath done = recording.awaitFinal();
        assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason"));
        List<Integer> fetched = ORIGIN.segmentsFetched("live", "");
        assertTrue(fetched.contains(last), "segment " + last + ", listed before the end, was not fetched: " + fetched);
        // the last look at the booked end lists nothing after it: segment 7 comes 1.8 s after the end
        assertFalse(fetched.contains(last + 1), "fetched a segment listed after the end: " + fetched);
        assertEquals(fetched.stream().distinct().toList(), fetched, "a segment fetched twice: " + fetched);
    }
}
