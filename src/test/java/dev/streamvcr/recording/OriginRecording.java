package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.MuxedStream;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.storage.RecordingStore;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A reservation of one {@link HlsOrigin} stream booked through the API, and the checks the HLS peer tests make of what
 * it recorded. The stream goes live 5 s before the booking and the booked start is 3 s after it, so the recorder
 * (2 s of pre-roll in tests) finds a few segments listed already and begins with the first one revealed after it came,
 * the one that holds the booked start.
 */
final class OriginRecording {

    /** How long before the booking the stream went live; a few segments are listed when the recorder comes. */
    private static final int LIVE_BEFORE_SECONDS = 5;
    private static final int START_AFTER_SECONDS = 3;

    final HlsOrigin origin;
    final String stream;
    final Api.Account user;
    final int id;
    final Instant startAt;
    final Instant endAt;

    private OriginRecording(HlsOrigin origin, String stream, Api.Account user, int id, Instant startAt,
            Instant endAt) {
        this.origin = origin;
        this.stream = stream;
        this.user = user;
        this.id = id;
        this.startAt = startAt;
        this.endAt = endAt;
    }

    /**
     * Sets the stream live and books it (its master playlist when it has variants) for {@code seconds}.
     *
     * @param hls the reservation's {@code hls} options, or null
     */
    static OriginRecording book(Api.Account user, HlsOrigin origin, String stream, Map<String, Object> hls,
            int seconds) {
        Instant now = Instant.now();
        origin.goLive(stream, now.minusSeconds(LIVE_BEFORE_SECONDS));
        Instant start = now.plusSeconds(START_AFTER_SECONDS).truncatedTo(ChronoUnit.MILLIS);
        return book(user, origin, stream, origin.playlistUrl(stream), hls, start, seconds);
    }

    /** Books {@code address} (a page or playlist of the origin's, not necessarily a stream) from {@code start}. */
    static OriginRecording book(Api.Account user, HlsOrigin origin, String stream, String address,
            Map<String, Object> hls, Instant start, int seconds) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "Origin " + stream, "sourceUrl", address,
                "startAt", start.toString(), "durationSeconds", seconds));
        if (hls != null) {
            body.put("hls", hls);
        }
        int id = user.api().body(body).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        return new OriginRecording(origin, stream, user, id, start, start.plusSeconds(seconds));
    }

    /** The reservation once final; fails if it is not final half a minute after its booked end. */
    JsonPath awaitFinal() {
        return user.awaitFinal(id, endAt.plusSeconds(30));
    }

    JsonPath reservation() {
        return user.reservation(id);
    }

    /** The recording with its parts and gaps, as the API shows it. */
    JsonPath recording(JsonPath reservation) {
        return user.api().get("/api/v1/recordings/" + reservation.getInt("recordingId")).then().statusCode(200)
                .extract().jsonPath();
    }

    /** The first part's file: {@code ts} or {@code mp4}. */
    Path part(RecordingStore store, String extension) {
        return store.resolve(store.partPath(id, startAt, 1, extension));
    }

    /** The ffmpeg-made rendition ("" without variants). */
    MuxedStream.Rendition rendition(String name) {
        return origin.muxed(stream).renditions().get(name);
    }

    /** Asserts the reservation ended COMPLETED on EXT-X-ENDLIST, before its booked end. */
    static void assertEndedByEndList(JsonPath done) {
        assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason") + " "
                + done.getList("history.reason"));
        assertTrue(done.getString("stateReason").contains("The playlist ended (EXT-X-ENDLIST)"),
                done.getString("stateReason"));
        Instant ended = Instant.parse(done.getString("history[-1].at"));
        Instant bookedEnd = Instant.parse(done.getString("endAt"));
        assertTrue(ended.isBefore(bookedEnd.minusSeconds(5)), "ended at " + ended + ", booked until " + bookedEnd);
    }

    /**
     * Asserts that of {@code rendition}, every segment from the first one fetched to its last one was fetched exactly
     * once and in order, except {@code skipped}, which never were; returns the first one fetched.
     */
    int assertEachSegmentFetchedOnce(String rendition, Set<Integer> skipped) {
        List<Integer> fetched = origin.segmentsFetched(stream, rendition);
        int count = rendition(rendition).segments().size();
        assertTrue(!fetched.isEmpty(), "no segment of " + stream + " was fetched");
        int first = fetched.get(0);
        List<Integer> expected = new java.util.ArrayList<>();
        for (int i = first; i < count; i++) {
            if (!skipped.contains(i)) {
                expected.add(i);
            }
        }
        assertEquals(expected, fetched, "each segment once, in order, none skipped but " + new TreeSet<>(skipped));
        return first;
    }

    /** The EXTINF seconds of segments {@code first} to the last, without {@code left}: what the part should hold. */
    double expectedSeconds(String rendition, int first, Set<Integer> left) {
        MuxedStream.Rendition segments = rendition(rendition);
        double seconds = segments.seconds(first, segments.segments().size() - 1);
        for (int segment : left) {
            seconds -= segment >= first ? segments.segments().get(segment).seconds() : 0;
        }
        return seconds;
    }

    /** The requests for this stream's playlists, segments and keys. */
    List<HlsOrigin.Request> requests() {
        return origin.requests().stream().filter(request -> request.path().startsWith("/" + stream + "/")).toList();
    }

    /**
     * Probes the part and checks what every faithful recording of the origin's media must be: H.264 and AAC in one
     * file (the sound joined in when it is a separate rendition), the expected length within a target duration, one
     * video frame per 1/25 s of it exactly (every frame of every segment, none twice), the sound of that length within
     * half a second, nothing a reference decoder complains about, and a dts that rises in every stream. Prints
     * the figures.
     */
    MediaInfo assertFaithful(String scenario, Path file, double expectedSeconds, int firstSegment, JsonPath recording) {
        MediaInfo info = MediaProbe.probe(file);
        var rising = MediaProbe.timestampsRising(file);
        String decodeErrors = MediaProbe.decodeErrors(file);
        System.out.printf(java.util.Locale.ROOT, "MEASURED origin %s: %.3f s recorded (%.3f s expected, from segment "
                + "%d), %d video frames %s, %d audio frames, codecs %s, gaps %s, %d requests to the origin (%d "
                + "playlist loads), %s%n", scenario, info.formatDurationSeconds(), expectedSeconds, firstSegment,
                info.videoFrames(), info.videoSize(), info.audioFrames(), info.codecNames(), recording.getList("gaps"),
                requests().size(), requests().stream().filter(r -> r.path().endsWith(".m3u8")).count(), rising);
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), "codecs: " + info.codecNames());
        assertEquals(expectedSeconds, info.formatDurationSeconds(), HlsMuxing.SEGMENT_SECONDS,
                "the revealed segments minus the left-out ones, within a target duration");
        assertEquals(Math.round(expectedSeconds * HlsMuxing.FRAME_RATE), info.videoFrames(),
                "every frame of every segment, once");
        assertEquals(expectedSeconds * HlsMuxing.AUDIO_FRAMES_PER_SECOND, info.audioFrames(),
                0.5 * HlsMuxing.AUDIO_FRAMES_PER_SECOND, "the sound of the same length, within half a second");
        assertEquals("", decodeErrors);
        assertTrue(rising.monotonic(), rising.toString());
        return info;
    }
}
