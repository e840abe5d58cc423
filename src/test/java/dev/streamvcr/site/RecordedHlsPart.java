package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.storage.RecordingStore;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The first part ({@code .ts}) of a finished HLS recording of a page, as ffprobe sees it, with the recording's gaps as
 * the API lists them and ffmpeg's decode errors; measured lines are printed for the report.
 *
 * @param gaps         each gap's cause
 * @param gapSeconds   each gap's length
 * @param decodeErrors what {@code ffmpeg -v error} printed decoding the part; empty when nothing
 */
record RecordedHlsPart(Path file, MediaInfo info, List<String> gaps, List<Float> gapSeconds, String decodeErrors) {

    /**
     * Probes the part of {@code done} (a finished reservation), prints {@code MEASURED <label> …}, and checks what every
     * recording of a test card must be: H.264 and AAC, as long as the booked window within {@code tolerance} seconds.
     */
    static RecordedHlsPart check(RecordingStore store, Api.Account user, JsonPath done, String label,
            double tolerance) {
        RecordedHlsPart part = probe(store, user, done, label);
        assertEquals(done.getInt("durationSeconds"), part.info().formatDurationSeconds(), tolerance,
                label + ": the booked window");
        return part;
    }

    /** {@link #check} for a recording that left parts of its window out: codecs checked, length not. */
    static RecordedHlsPart probe(RecordingStore store, Api.Account user, JsonPath done, String label) {
        int id = done.getInt("id");
        int seconds = done.getInt("durationSeconds");
        Path file = store.resolve(store.partPath(id, Instant.parse(done.getString("startAt")), 1, "ts"));
        MediaInfo info = MediaProbe.probe(file);
        JsonPath recording = user.api().get("/api/v1/recordings/" + done.getInt("recordingId")).then()
                .statusCode(200).extract().jsonPath();
        RecordedHlsPart part = new RecordedHlsPart(file, info, recording.getList("gaps.cause", String.class),
                recording.getList("gaps.lengthSeconds", Float.class), MediaProbe.decodeErrors(file));
        System.out.printf("MEASURED %s: %.3f s of %d s booked (packets span %.3f s), %d video frames, %d audio "
                + "frames, codecs %s, gaps %s, decode errors: %s%n", label, info.formatDurationSeconds(), seconds,
                info.packetSpanSeconds(), info.videoFrames(), info.audioFrames(), info.codecNames(), part.gaps(),
                part.decodeErrors().isEmpty() ? "none" : part.decodeErrors().lines().count() + " lines, first: "
                        + part.decodeErrors().lines().findFirst().orElse(""));
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), "codecs: " + info.codecNames());
        return part;
    }

    /** The seconds of picture recorded: decoded frames at {@code frameRate}, whatever the timestamps say. */
    double pictureSeconds(int frameRate) {
        return info.videoFrames() / (double) frameRate;
    }

    /** The gaps' lengths added up. */
    double gapTotalSeconds() {
        return gapSeconds.stream().mapToDouble(Float::doubleValue).sum();
    }
}
