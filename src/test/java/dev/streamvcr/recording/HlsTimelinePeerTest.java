package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live HLS whose timeline breaks, recorded through the app into one file with one rising timeline: an encoder restart
 * behind an EXT-X-DISCONTINUITY whose timestamps start again from where the first encode's did, and a playlist whose
 * Media Sequence Numbers skip segments a reload could not have seen, which the recording lists as gaps of their
 * length and leaves out of the file.
 */
@QuarkusTest
class HlsTimelinePeerTest {

    private static final int BOOKED_SECONDS = 45;
    /** Segments 6 and 9 (of 12, 2 s each) are never listed; the recorder begins at about segment 3. */
    private static final Set<Integer> SKIPPED = Set.of(6, 9);

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream("restart", HlsMuxing.encoderRestartAfter(10, 14), LiveOptions.defaults())
            .stream("skips", HlsMuxing.mpegTs(24), LiveOptions.defaults().skipping(6, 9));

    private static OriginRecording restart;
    private static OriginRecording skips;

    @Inject
    RecordingStore store;

    /** Both bookings before the first test, so they record at once. */
    @BeforeEach
    void bookBothStreamsOnce() {
        if (restart == null) {
            Api.Account user = Api.newUser("user");
            restart = OriginRecording.book(user, ORIGIN, "restart", null, BOOKED_SECONDS);
            skips = OriginRecording.book(user, ORIGIN, "skips", null, BOOKED_SECONDS);
        }
    }

    @Test
    void anEncoderRestartWithTimestampsFromTheStartContinuesTheTimeline() {
        JsonPath done = restart.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = restart.assertEachSegmentFetchedOnce("", Set.of());
        int join = 5; // part2-0.ts, the first segment after the EXT-X-DISCONTINUITY
        assertTrue(restart.rendition("").segments().get(join).discontinuity());
        assertTrue(first < join, "the recording began before the restart, at segment " + first);
        JsonPath recording = restart.recording(done);
        assertEquals(List.of(), recording.getList("gaps"), "a discontinuity loses nothing");
        restart.assertFaithful("encoder restart", restart.part(store, "ts"),
                restart.expectedSeconds("", first, Set.of()), first, recording);
    }

    @Test
    void skippedSequenceNumbersAreGapsOfTheirLengthAndLeftOutOfTheFile() {
        JsonPath done = skips.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = skips.assertEachSegmentFetchedOnce("", SKIPPED);
        assertTrue(first < 6, "the recording began before the first skip, at segment " + first);
        JsonPath recording = skips.recording(done);
        assertEquals(List.of("segment 6: they left the playlist before they could be fetched",
                "segment 9: they left the playlist before they could be fetched"), recording.getList("gaps.cause"));
        assertEquals(List.of(2.0, 2.0), recording.getList("gaps.lengthSeconds", Double.class),
                "each 2 s segment's length");
        assertEquals(List.of(1, 1), recording.getList("gaps.part"));
        skips.assertFaithful("skipped sequence numbers", skips.part(store, "ts"),
                skips.expectedSeconds("", first, SKIPPED), first, recording);
    }
}
