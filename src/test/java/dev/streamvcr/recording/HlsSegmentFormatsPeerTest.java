package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live HLS in each segment format ffmpeg's HLS muxer writes (MPEG-TS; fMP4 after an EXT-X-MAP; MPEG-TS encrypted with
 * AES-128), served by a test origin and recorded through the app until EXT-X-ENDLIST: the part holds every segment
 * from the booked start to the end once, with H.264 and AAC that ffmpeg decodes without a word, on a timeline that
 * rises throughout; the reservation ends COMPLETED when the playlist ends, before its booked end.
 */
@QuarkusTest
class HlsSegmentFormatsPeerTest {

    private static final int STREAM_SECONDS = 20;
    /** Longer than the stream: the end of the playlist, not the booking, ends these recordings. */
    private static final int BOOKED_SECONDS = 40;

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream("ts", HlsMuxing.mpegTs(STREAM_SECONDS), LiveOptions.defaults())
            .stream("fmp4", HlsMuxing.fmp4(STREAM_SECONDS), LiveOptions.defaults())
            .stream("aes", HlsMuxing.aes128(STREAM_SECONDS), LiveOptions.defaults());

    /** Booked together before the first test, so the three streams are recorded at once. */
    private static Map<String, OriginRecording> recordings;

    @Inject
    RecordingStore store;

    @BeforeEach
    void bookEveryStreamOnce() {
        if (recordings == null) {
            Api.Account user = Api.newUser("user");
            recordings = Map.of("ts", OriginRecording.book(user, ORIGIN, "ts", null, BOOKED_SECONDS),
                    "fmp4", OriginRecording.book(user, ORIGIN, "fmp4", null, BOOKED_SECONDS),
                    "aes", OriginRecording.book(user, ORIGIN, "aes", null, BOOKED_SECONDS));
        }
    }

    @Test
    void mpegTsSegmentsAreAppendedToOneTsPartUntilTheEndList() {
        OriginRecording ts = recordings.get("ts");
        JsonPath done = ts.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = ts.assertEachSegmentFetchedOnce("", Set.of());
        JsonPath recording = ts.recording(done);
        assertEquals(List.of(), recording.getList("gaps"));
        MediaInfo info = ts.assertFaithful("MPEG-TS", ts.part(store, "ts"), ts.expectedSeconds("", first, Set.of()),
                first, recording);
        assertEquals("mpegts", info.formatName());
    }

    @Test
    void fmp4SegmentsFollowTheirInitSectionInOneMp4Part() {
        OriginRecording fmp4 = recordings.get("fmp4");
        JsonPath done = fmp4.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = fmp4.assertEachSegmentFetchedOnce("", Set.of());
        assertEquals(1, ORIGIN.count("/fmp4/init.mp4"), "the EXT-X-MAP is fetched once");
        JsonPath recording = fmp4.recording(done);
        assertEquals(List.of(), recording.getList("gaps"));
        MediaInfo info = fmp4.assertFaithful("fMP4", fmp4.part(store, "mp4"),
                fmp4.expectedSeconds("", first, Set.of()), first, recording);
        assertTrue(info.formatName().contains("mp4"), info.formatName());
    }

    @Test
    void aes128SegmentsAreDecryptedWithOneFetchOfTheirKey() throws Exception {
        OriginRecording aes = recordings.get("aes");
        JsonPath done = aes.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = aes.assertEachSegmentFetchedOnce("", Set.of());
        assertEquals(1, ORIGIN.count("/aes/key.bin"), "the key is fetched once and kept");
        byte[] served = Files.readAllBytes(ORIGIN.file("aes", "seg0.ts"));
        assertFalse(served[0] == 0x47 && served[188] == 0x47 && served[376] == 0x47,
                "the origin's segments are encrypted, not MPEG-TS packets");
        JsonPath recording = aes.recording(done);
        assertEquals(List.of(), recording.getList("gaps"));
        aes.assertFaithful("AES-128", aes.part(store, "ts"), aes.expectedSeconds("", first, Set.of()), first,
                recording);
    }
}
