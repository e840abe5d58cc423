package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A live master playlist from ffmpeg's HLS muxer with three variants (426x240, 640x360, 1280x720) whose sound is a
 * separate audio rendition, booked twice as two users would book one channel: without options the variant with the
 * highest bandwidth is recorded, with {@code "maxHeight": 360} the 640x360 one; only the chosen variant's segments
 * are fetched, each once.
 */
@QuarkusTest
class HlsVariantsPeerTest {

    private static final int STREAM_SECONDS = 20;
    private static final int BOOKED_SECONDS = 40;
    private static final String CHANNEL = "channel";

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream(CHANNEL, HlsMuxing.threeVariantsWithSeparateAudio(STREAM_SECONDS), LiveOptions.defaults());

    private static OriginRecording best;
    private static OriginRecording small;

    @Inject
    RecordingStore store;

    /** Both bookings before the first test, so they record at once. */
    @BeforeEach
    void bookTheChannelTwiceOnce() {
        if (best == null) {
            Api.Account user = Api.newUser("user");
            best = OriginRecording.book(user, ORIGIN, CHANNEL, null, BOOKED_SECONDS);
            small = OriginRecording.book(user, ORIGIN, CHANNEL, Map.of("maxHeight", 360), BOOKED_SECONDS);
        }
    }

    @Test
    void theVariantWithTheHighestBandwidthIsRecordedByDefault() {
        JsonPath done = best.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = best.assertEachSegmentFetchedOnce("720p", Set.of());
        assertEquals(List.of(), ORIGIN.segmentsFetched(CHANNEL, "240p"), "no segment of a variant not chosen");
        JsonPath recording = best.recording(done);
        assertEquals(List.of(), recording.getList("gaps"));
        MediaInfo info = best.assertFaithful("master, best variant", best.part(store, "ts"),
                best.expectedSeconds("720p", first, Set.of()), first, recording);
        assertEquals("1280x720", info.videoSize());
    }

    @Test
    void maxHeight360RecordsThe640x360Variant() {
        JsonPath done = small.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        assertEquals(Map.of("maxHeight", 360), done.getMap("hls"));
        int first = small.assertEachSegmentFetchedOnce("360p", Set.of());
        JsonPath recording = small.recording(done);
        assertEquals(List.of(), recording.getList("gaps"));
        MediaInfo info = small.assertFaithful("master, maxHeight 360", small.part(store, "ts"),
                small.expectedSeconds("360p", first, Set.of()), first, recording);
        assertEquals("640x360", info.videoSize());
    }

    /**
     * RFC 8216 §4.3.4.2.1: the variant's AUDIO group names where its sound is; the user gets one file with both. Both
     * bookings follow the one audio rendition, so each of its segments is fetched once per booking.
     */
    @Test
    void theSeparateAudioRenditionIsRecordedIntoTheSameFile() {
        JsonPath done = best.awaitFinal();
        small.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        Path part = best.part(store, "ts");
        MediaInfo info = MediaProbe.probe(part);
        List<Integer> fetched = ORIGIN.segmentsFetched(CHANNEL, "audio");
        System.out.printf("MEASURED origin master, separate audio: codecs %s, %d audio frames, %d video frames, "
                + "audio segments fetched %s%n", info.codecNames(), info.audioFrames(), info.videoFrames(), fetched);
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), "codecs: " + info.codecNames());
        int first = fetched.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int last = best.rendition("audio").segments().size() - 1;
        for (int segment = first; segment <= last; segment++) {
            int times = Collections.frequency(fetched, segment);
            assertTrue(times >= 1 && times <= 2, "audio segment " + segment + " fetched " + times + " times: "
                    + fetched);
        }
        assertEquals(best.expectedSeconds("audio", first, Set.of()) * HlsMuxing.AUDIO_FRAMES_PER_SECOND,
                info.audioFrames(), 0.5 * HlsMuxing.AUDIO_FRAMES_PER_SECOND,
                "the sound of every audio segment from the first one the recording needed");
        assertFalse(Files.exists(RenditionMux.audioOf(part)), "the audio file is joined in and gone");
    }
}
