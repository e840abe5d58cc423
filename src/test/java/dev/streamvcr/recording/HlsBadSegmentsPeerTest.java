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
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A live HLS stream that goes wrong while it is recorded: segments over the 64 MiB cap, a key that cannot be fetched,
 * a playlist that stops changing. What cannot be recorded is listed as gaps whose causes say why; what can is kept on
 * one timeline; the reservation ends with a reason a user understands; and a healthy stream recorded meanwhile is not
 * disturbed.
 */
@QuarkusTest
class HlsBadSegmentsPeerTest {

    private static final int STREAM_SECONDS = 20;
    private static final int BOOKED_SECONDS = 40;
    /** Booked shorter than the others: the recording of a frozen playlist ends at its booked end. */
    private static final int FROZEN_BOOKED_SECONDS = 20;
    /** The key of segments 6 and 7 answers 503 for good; each is tried four times, then left out. */
    private static final Set<Integer> UNDECRYPTABLE = Set.of(6, 7);
    private static final Set<Integer> OVERSIZED = Set.of(5, 7);

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream("bystander", HlsMuxing.mpegTs(STREAM_SECONDS), LiveOptions.defaults())
            .stream("oversized", HlsMuxing.mpegTs(STREAM_SECONDS), LiveOptions.defaults()
                    .oversized(5, LiveOptions.Oversize.DECLARED).oversized(7, LiveOptions.Oversize.STREAMED))
            .stream("rotating-key", HlsMuxing.aes128(STREAM_SECONDS), LiveOptions.defaults()
                    .withKeyUris(segment -> "key-" + segment / 2 + ".bin"))
            .failing("/rotating-key/key-3.bin", 503)
            .stream("frozen", HlsMuxing.mpegTs(STREAM_SECONDS), LiveOptions.defaults().frozenAfter(5))
            .stream("still", HlsMuxing.mpegTs(6), LiveOptions.defaults().frozenAfter(2));

    private static OriginRecording bystander;
    private static OriginRecording oversized;
    private static OriginRecording rotatingKey;
    private static OriginRecording frozen;
    private static OriginRecording still;

    @Inject
    RecordingStore store;

    /** Every booking before the first test, so they record at once. */
    @BeforeEach
    void bookEveryStreamOnce() {
        if (bystander == null) {
            Api.Account user = Api.newUser("user");
            bystander = OriginRecording.book(user, ORIGIN, "bystander", null, BOOKED_SECONDS);
            oversized = OriginRecording.book(user, ORIGIN, "oversized", null, BOOKED_SECONDS);
            rotatingKey = OriginRecording.book(user, ORIGIN, "rotating-key", null, BOOKED_SECONDS);
            frozen = OriginRecording.book(user, ORIGIN, "frozen", null, FROZEN_BOOKED_SECONDS);
            still = OriginRecording.book(user, ORIGIN, "still", null, FROZEN_BOOKED_SECONDS);
        }
    }

    @Test
    void segmentsOverTheSizeCapAreGapsThatSayTheyAreTooLarge() {
        JsonPath done = oversized.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = oversized.assertEachSegmentFetchedOnce("", Set.of());
        assertTrue(first < 5, "the recording began before the first oversized segment, at segment " + first);
        JsonPath recording = oversized.recording(done);
        assertEquals(List.of("segment 5 could not be fetched: 127.0.0.1: it sent more than 64 MiB",
                "segment 7 could not be fetched: 127.0.0.1: it sent more than 64 MiB"), recording.getList("gaps.cause"));
        assertEquals(List.of(2.0, 2.0), recording.getList("gaps.lengthSeconds", Double.class));
    }

    /** HlsFollowOptions: "a larger one is left out as missed"; the gaps above say the same. */
    @Test
    void segmentsOverTheSizeCapAreLeftOutOfThePart() throws Exception {
        JsonPath done = oversized.awaitFinal();

        int first = oversized.origin.segmentsFetched("oversized", "").get(0);
        long bytes = Files.size(oversized.part(store, "ts"));
        System.out.printf("MEASURED origin oversized segments: part of %d bytes%n", bytes);
        assertTrue(bytes < 16L * 1024 * 1024, "the part holds " + bytes + " bytes: what came of segment 7 before "
                + "the cap stopped it (64 MiB) is in it");
        oversized.assertFaithful("oversized segments", oversized.part(store, "ts"),
                oversized.expectedSeconds("", first, OVERSIZED), first, oversized.recording(done));
    }

    @Test
    void aKeyThatCannotBeFetchedIsRetriedThenItsSegmentsAreGaps() {
        JsonPath done = rotatingKey.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = rotatingKey.assertEachSegmentFetchedOnce("", UNDECRYPTABLE);
        assertTrue(first < 6, "the recording began before the failing key, at segment " + first);
        assertEquals(8, ORIGIN.count("/rotating-key/key-3.bin"), "four attempts for each of its two segments");
        assertEquals(1, ORIGIN.count("/rotating-key/key-4.bin"), "a key that answers is fetched once");
        JsonPath recording = rotatingKey.recording(done);
        String key = ORIGIN.url("/rotating-key/key-3.bin");
        assertEquals(List.of("segment 6 could not be fetched: the key at " + key + " answered HTTP 503",
                "segment 7 could not be fetched: the key at " + key + " answered HTTP 503"),
                recording.getList("gaps.cause"));
        assertEquals(List.of(2.0, 2.0), recording.getList("gaps.lengthSeconds", Double.class));
        rotatingKey.assertFaithful("key that cannot be fetched", rotatingKey.part(store, "ts"),
                rotatingKey.expectedSeconds("", first, UNDECRYPTABLE), first, recording);
    }

    @Test
    void aPlaylistThatStopsChangingIsReconnectedToUntilTheBookedEnd() {
        JsonPath done = frozen.awaitFinal();

        // 5 segments (10 s) are revealed, then the playlist stays as it is: three target durations later it is lost
        String lost = done.getString("history.find { it.to == 'RECONNECTING' }.reason");
        assertEquals("The stream dropped: The HLS stream was lost: the playlist has not changed for 6 s (three target "
                + "durations). Reconnecting.", lost, done.getList("history.reason").toString());
        System.out.printf("MEASURED origin frozen playlist: %s, \"%s\", %d playlist loads%n", done.getString("state"),
                done.getString("stateReason"), frozen.requests().stream().filter(r -> r.path().endsWith(".m3u8"))
                        .count());
        assertEquals("COMPLETED", done.getString("state"), done.getList("history.reason").toString());
        assertTrue(done.getString("stateReason").startsWith("The stream dropped at "), done.getString("stateReason"));
        assertTrue(done.getString("stateReason").contains("did not come back before the booked end"),
                done.getString("stateReason"));
        int first = frozen.assertEachSegmentFetchedOnce("", Set.of(5, 6, 7, 8, 9));
        JsonPath recording = frozen.recording(done);
        frozen.assertFaithful("frozen playlist", frozen.part(store, "ts"),
                frozen.expectedSeconds("", first, Set.of(5, 6, 7, 8, 9)), first, recording);
    }

    /**
     * Its two segments ended 6 and 4 s before the booked start and the playlist never changes after: nothing of
     * the booked window is ever published, so nothing may be recorded.
     */
    @Test
    void aPlaylistThatNeverChangesRecordsNothingBeforeTheBookedStart() {
        JsonPath done = still.awaitFinal();

        System.out.printf("MEASURED origin playlist that never changes: %s, \"%s\", segments fetched %s%n",
                done.getString("state"), done.getString("stateReason"), ORIGIN.segmentsFetched("still", ""));
        assertEquals(List.of(), ORIGIN.segmentsFetched("still", ""), "segments that ended before the booked start, "
                + "taken when a reconnect after the start thought them just published: " + done.getList("history"));
        assertEquals("FAILED", done.getString("state"), done.getString("stateReason"));
        assertTrue(done.getString("stateReason").startsWith("The stream never became available between "),
                done.getString("stateReason"));
        assertTrue(done.getString("stateReason").contains("the playlist has not changed for 6 s"),
                done.getString("stateReason"));
    }

    @Test
    void aHealthyStreamRecordedMeanwhileIsUndisturbed() {
        JsonPath done = bystander.awaitFinal();

        OriginRecording.assertEndedByEndList(done);
        int first = bystander.assertEachSegmentFetchedOnce("", Set.of());
        JsonPath recording = bystander.recording(done);
        assertEquals(List.of(), recording.getList("gaps"));
        bystander.assertFaithful("bystander", bystander.part(store, "ts"), bystander.expectedSeconds("", first,
                Set.of()), first, recording);
    }
}
