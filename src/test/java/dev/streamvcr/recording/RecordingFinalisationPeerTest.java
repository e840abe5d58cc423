package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.WallClock;
import dev.streamvcr.flv.FinalisedFile;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real peers (nginx-rtmp relaying ffmpeg's H.264/AAC): what the recorder leaves on disk is a finished FLV file
 * whether the booked end came or the recording was stopped, with a reconnect in the middle: ffmpeg decodes it
 * without a word, ffprobe sees its length, a seek to the middle lands, and the keyframe index names real
 * keyframes.
 */
@QuarkusTest
class RecordingFinalisationPeerTest {

    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();

    @Inject
    RecordingStore store;

    @Test
    void aRecordingWithAReconnectIsFinalisedSeekableAndListsItsGap() throws Exception {
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher publisher = new FfmpegPublisher(NGINX.get().rtmpUrl("phi")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
            int id = book(user, "phi", start, 18);
            WallClock.sleepUntil(start.plusSeconds(6));
            publisher.stop();
            Thread.sleep(3000); // the publisher stays away 3 s: the gap the finalised file must list
            publisher.start();
            JsonPath reservation = user.awaitFinal(id, start.plusSeconds(18 + 30));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));

            Path file = store.resolve(store.partPath(id, start, 1));
            double duration = assertPlayable(file);
            assertTrue(duration > 8, "most of 18 s minus the drop: " + duration);

            JsonPath recording = user.api().get("/api/v1/recordings/" + reservation.getInt("recordingId")).then()
                    .statusCode(200).extract().jsonPath();
            List<Map<String, Object>> gaps = recording.getList("gaps");
            assertTrue(!gaps.isEmpty(), "the drop is recorded: " + recording.prettify());
            assertTrue(((Number) gaps.get(0).get("lengthSeconds")).doubleValue() > 1, "gap: " + gaps.get(0));
            assertTrue(!((String) gaps.get(0).get("cause")).isBlank(), "gap has a cause: " + gaps.get(0));
            System.out.printf("MEASURED reconnect recording: %.3f s, gaps %s%n", duration, gaps);
        }
    }

    @Test
    void aStoppedRecordingIsFinalised() throws Exception {
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher publisher = new FfmpegPublisher(NGINX.get().rtmpUrl("chi")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            int id = book(user, "chi", start, 120);
            WallClock.sleepUntil(start.plusSeconds(8));
            user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
            JsonPath reservation = user.awaitFinal(id, Instant.now().plusSeconds(30));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));

            double duration = assertPlayable(store.resolve(store.partPath(id, start, 1)));
            assertEquals(8, duration, 2.5, "stopped about 8 s in");
        }
    }

    /** Every check of a finished file; returns its length as ffprobe sees it. */
    private static double assertPlayable(Path file) throws Exception {
        assertEquals("", MediaProbe.decodeErrors(file), "ffmpeg -v error -i file -f null - prints nothing");
        Map<String, Object> metadata = FinalisedFile.check(file);
        ToolRun probe = ToolRun.execute(TOOL_TIMEOUT, PeerTools.FFPROBE.toString(), "-v", "error", "-show_entries",
                "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", file.toString());
        assertEquals("", probe.stderr().strip(), "ffprobe is silent");
        double probed = Double.parseDouble(probe.stdout().strip());
        assertEquals((double) metadata.get("duration"), probed, 0.5, "ffprobe's duration is the file's");
        String mid = String.format(java.util.Locale.ROOT, "%.2f", probed / 2);
        ToolRun seek = ToolRun.execute(TOOL_TIMEOUT, PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin", "-v", "error",
                "-ss", mid, "-i", file.toString(), "-frames:v", "1", "-f", "null", "-");
        assertTrue(seek.succeeded(), "seek to " + mid + " s: " + seek.stderr());
        assertEquals("", seek.stderr().strip(), "seek to " + mid + " s is clean");
        return probed;
    }

    private static int book(Api.Account user, String stream, Instant start, int seconds) {
        return user.api().body(Map.of("title", "Finalise " + stream, "sourceUrl", NGINX.get().rtmpUrl(stream),
                "startAt", start.toString(), "durationSeconds", seconds))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }
}
