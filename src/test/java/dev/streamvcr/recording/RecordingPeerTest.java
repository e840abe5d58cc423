package dev.streamvcr.recording;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.metrics.Scrape;
import dev.streamvcr.WallClock;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.TimestampCheck;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end against real peers: nginx-rtmp relays synthetic H.264/AAC streams published by ffmpeg, reservations
 * are booked through the API, our RTMP client records them at the booked time, ffprobe checks the files.
 * Four reservations share one window: two overlapping streams (the 2011 system could record only one), a stream
 * whose publisher drops and comes back, and a stream that never appears.
 */
@QuarkusTest
class RecordingPeerTest {

    private static final int WINDOW_SECONDS = 20;
    private static final double FPS = 30;

    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();

    @Inject
    RecordingStore store;

    @Inject
    RecordingFixture fixture;

    @Test
    void overlappingDroppedAndMissingStreamsInOneWindow() throws Exception {
        Scrape before = Scrape.now();
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher alpha = new FfmpegPublisher(NGINX.get().rtmpUrl("alpha")).start();
                FfmpegPublisher beta = new FfmpegPublisher(NGINX.get().rtmpUrl("beta")).start();
                FfmpegPublisher gamma = new FfmpegPublisher(NGINX.get().rtmpUrl("gamma")).start()) {
            alpha.awaitPublishing(Duration.ofSeconds(20));
            beta.awaitPublishing(Duration.ofSeconds(20));
            gamma.awaitPublishing(Duration.ofSeconds(20));

            Instant start = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
            Map<String, Integer> ids = new LinkedHashMap<>();
            for (String stream : new String[] {"alpha", "beta", "gamma", "never"}) {
                ids.put(stream, user.api().body(Map.of("title", "Stream " + stream,
                        "sourceUrl", NGINX.get().rtmpUrl(stream), "startAt", start.toString(),
                        "durationSeconds", WINDOW_SECONDS))
                        .post("/api/v1/reservations").then().statusCode(201).extract().path("id"));
            }

            Path alphaFile = store.resolve(store.partPath(ids.get("alpha"), start, 1));
            double lag = firstMediaLag(alphaFile, start);

            WallClock.sleepUntil(start.plusSeconds(7));
            gamma.stop();
            Thread.sleep(3000); // the publisher stays away 3 s: the drop the recording must show
            gamma.start();

            for (int id : ids.values()) {
                user.awaitFinal(id, start.plusSeconds(WINDOW_SECONDS + 30));
            }

            for (String stream : new String[] {"alpha", "beta"}) {
                JsonPath reservation = user.api().get("/api/v1/reservations/" + ids.get(stream)).then().extract().jsonPath();
                assertEquals("COMPLETED", reservation.getString("state"), stream + ": " + reservation.getString("stateReason"));
                Path file = store.resolve(store.partPath(ids.get(stream), start, 1));
                MediaInfo info = MediaProbe.probe(file);
                System.out.printf("MEASURED %s: duration %.3f s (span %.3f s), %d video frames (window %d s = %.0f), "
                        + "%d audio frames%n", stream, info.formatDurationSeconds(), info.packetSpanSeconds(),
                        info.videoFrames(), WINDOW_SECONDS, WINDOW_SECONDS * FPS, info.audioFrames());
                assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), stream + " codecs: " + info.codecNames());
                assertEquals(WINDOW_SECONDS, info.formatDurationSeconds(), 1.0, stream + " duration");
                assertEquals(WINDOW_SECONDS, info.packetSpanSeconds(), 1.0, stream + " packet span");
                assertEquals(WINDOW_SECONDS * FPS, info.videoFrames(), FPS, stream + " video frames");
                assertEquals("", MediaProbe.decodeErrors(file), stream + " decodes cleanly");
            }
            System.out.printf("MEASURED start lag (booked start to first media on disk): %.3f s%n", lag);

            JsonPath gammaView = user.api().get("/api/v1/reservations/" + ids.get("gamma")).then().extract().jsonPath();
            assertEquals("COMPLETED", gammaView.getString("state"), gammaView.getString("stateReason"));
            assertTrue(gammaView.getList("history.to").contains("RECONNECTING"), "gamma history shows the drop");
            Path gammaFile = store.resolve(store.partPath(ids.get("gamma"), start, 1));
            TimestampCheck timeline = MediaProbe.timestampsMonotonic(gammaFile);
            assertTrue(timeline.monotonic(), "gamma timeline: " + timeline);
            assertEquals("", MediaProbe.decodeErrors(gammaFile), "gamma decodes cleanly");
            int gammaRecording = gammaView.getInt("recordingId");
            user.api().get("/api/v1/recordings/" + gammaRecording).then().statusCode(200)
                    .body("gaps.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                    .body("parts.size()", org.hamcrest.Matchers.equalTo(1));
            System.out.printf("MEASURED gamma (publisher stopped 3 s): %s; %s%n",
                    MediaProbe.probe(gammaFile).formatDurationSeconds(), timeline);

            user.api().get("/api/v1/reservations/" + ids.get("never")).then()
                    .body("state", org.hamcrest.Matchers.equalTo("FAILED"))
                    .body("stateReason", containsString("never became available"));

            // the meters saw the same: three starts and ends, one failure, gamma's reconnect and gap
            Scrape after = Scrape.now();
            for (String counter : new String[] {"streamvcr_recordings_started_total",
                "streamvcr_recording_start_lag_seconds_count", "streamvcr_recordings_completed_total"}) {
                assertTrue(after.value(counter) - before.value(counter) >= 3, counter + " moved by less than 3");
            }
            for (String counter : new String[] {"streamvcr_recordings_failed_total",
                "streamvcr_recording_reconnects_total", "streamvcr_recording_gaps_total"}) {
                assertTrue(after.value(counter) - before.value(counter) >= 1, counter + " did not move");
            }
            System.out.printf("MEASURED start lag meter: %.0f starts, mean %.3f s%n",
                    after.value("streamvcr_recording_start_lag_seconds_count")
                            - before.value("streamvcr_recording_start_lag_seconds_count"),
                    (after.value("streamvcr_recording_start_lag_seconds_sum")
                            - before.value("streamvcr_recording_start_lag_seconds_sum"))
                            / (after.value("streamvcr_recording_start_lag_seconds_count")
                            - before.value("streamvcr_recording_start_lag_seconds_count")));
        }
    }

    /**
     * A node died while recording (its lease expired): this node takes the work over at the next tick and
     * continues it into part 2 of the same recording, which ends COMPLETED at the booked end.
     */
    @Test
    void workOfADeadNodeContinuesInANewPart() throws Exception {
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher delta = new FfmpegPublisher(NGINX.get().rtmpUrl("delta")).start()) {
            delta.awaitPublishing(Duration.ofSeconds(20));
            Instant start = Instant.now().minusSeconds(30);
            Instant end = Instant.now().plusSeconds(10);
            long id = fixture.interruptedRecording(user.username(), NGINX.get().rtmpUrl("delta"), start, end,
                    "dead-node", new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
            user.awaitFinal((int) id, end.plusSeconds(30));
            JsonPath view = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
            assertEquals("COMPLETED", view.getString("state"), view.getString("stateReason"));
            assertTrue(view.getList("history.reason", String.class).stream()
                    .anyMatch(r -> r.contains("Continuing the work of node dead-node")), "history: " + view.getList("history"));
            JsonPath recording = user.api().get("/api/v1/recordings/" + view.getInt("recordingId")).then().extract().jsonPath();
            assertEquals(2, recording.getList("parts").size(), "a new part after the take-over");
            assertTrue(recording.getList("gaps.kind").contains("HANDOVER"), "the take-over's hole is a gap: "
                    + recording.prettify());
            Path part2 = store.resolve(store.partPath(id, start, 2));
            MediaInfo info = MediaProbe.probe(part2);
            assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), "part 2: " + info.codecNames());
            assertEquals("", MediaProbe.decodeErrors(part2));
            System.out.printf("MEASURED take-over: part 2 holds %.3f s of a %d s remainder%n",
                    info.formatDurationSeconds(), 10);
        }
    }

    /**
     * A preview opened while the recording runs grows with it (more segments at each look) and ends, with
     * ENDLIST, once the recording has stopped.
     */
    @Test
    void aPreviewOfARunningRecordingGrowsAndThenEnds() throws Exception {
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher epsilon = new FfmpegPublisher(NGINX.get().rtmpUrl("epsilon")).start()) {
            epsilon.awaitPublishing(Duration.ofSeconds(20));
            Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
            int id = user.api().body(Map.of("title", "Growing", "sourceUrl", NGINX.get().rtmpUrl("epsilon"),
                    "startAt", start.toString(), "durationSeconds", 16))
                    .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
            WallClock.sleepUntil(start.plusSeconds(4));
            JsonPath running = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
            assertEquals("RECORDING", running.getString("state"), running.getString("stateReason"));
            int recording = running.getInt("recordingId");
            io.restassured.response.Response grant = user.api().post("/api/v1/recordings/" + recording + "/preview");
            String url = grant.then().statusCode(200).extract().path("playlistUrl");
            String cookie = grant.cookie("streamvcr-preview");

            List<Integer> counts = new java.util.ArrayList<>();
            // a look every 2 s, one segment's length, until the playlist ends
            String playlist = await().atMost(Duration.between(Instant.now(), start.plusSeconds(16 + 45)))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2)).until(() -> {
                        String now = io.restassured.RestAssured.given().auth().oauth2(user.token())
                                .cookie("streamvcr-preview", cookie).get(url).then().statusCode(200).extract().asString();
                        counts.add((int) now.lines().filter(l -> l.startsWith("seg-")).count());
                        return now;
                    }, now -> now.contains("#EXT-X-ENDLIST"));
            String state = user.api().get("/api/v1/reservations/" + id).then().extract().path("state");
            assertEquals("COMPLETED", state);
            assertTrue(playlist.contains("#EXT-X-ENDLIST"), "the preview ends after the recording: " + counts);
            assertTrue(counts.stream().distinct().count() >= 3, "the playlist grew step by step: " + counts);
            int last = counts.get(counts.size() - 1);
            assertTrue(last >= 6, "about 16 s of recording in 2 s segments: " + counts);
            System.out.printf("MEASURED growing preview: segment counts seen %s%n", counts);
        }
    }

    /** Seconds from the booked start until the part file holds more than its header (negative: before the start). */
    private static double firstMediaLag(Path file, Instant start) {
        await("media written to " + file + " within 10 s of the booked start")
                .atMost(Duration.between(Instant.now(), start.plusSeconds(10))).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(file) && Files.size(file) > 4096);
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }
}
