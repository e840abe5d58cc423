package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.WallClock;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Record now" against a real stream (nginx-rtmp, ffmpeg publishing), and a running recording whose end is moved:
 * the session must keep recording past the end it was started with, and stop at the new one.
 */
@QuarkusTest
class MovedEndPeerTest {

    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();

    @Inject
    RecordingStore store;

    @Test
    void anExtendedRecordingNowKeepsRecordingUntilItsNewEnd() throws Exception {
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher publisher = new FfmpegPublisher(NGINX.get().rtmpUrl("moved")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            JsonPath booked = user.api().body(Map.of("title", "Now, then longer", "sourceUrl",
                    NGINX.get().rtmpUrl("moved"), "durationSeconds", 6)).post("/api/v1/reservations")
                    .then().statusCode(201).extract().jsonPath();
            int id = booked.getInt("id");
            Instant start = Instant.parse(booked.getString("startAt"));
            WallClock.sleepUntil(start.plusSeconds(3));
            assertEquals("RECORDING", user.api().get("/api/v1/reservations/" + id).then().extract().path("state"));
            Instant newEnd = start.plusSeconds(14);
            user.api().body(Map.of("endAt", newEnd.toString())).patch("/api/v1/reservations/" + id)
                    .then().statusCode(200);
            WallClock.sleepUntil(start.plusSeconds(9));
            assertEquals("RECORDING", user.api().get("/api/v1/reservations/" + id).then().extract().path("state"),
                    "still recording after the end it was started with");
            user.awaitFinal(id, newEnd.plusSeconds(30));
            JsonPath done = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
            assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason"));
            assertTrue(done.getString("stateReason").startsWith("The booked end came."), done.getString("stateReason"));
            Path file = store.resolve(store.partPath(id, start, 1));
            MediaInfo info = MediaProbe.probe(file);
            // "now" includes the connect, which takes longer on a busy machine: the file runs from its first packet
            Instant firstPacket = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> RecordingPart
                    .ofRecording(done.getInt("recordingId")).get(0).startedAt);
            double expected = Duration.between(firstPacket, newEnd).toMillis() / 1000.0;
            System.out.printf("MEASURED moved end: booked 6 s, moved to 14 s; recorded %.3f s (span %.3f s, %.3f s "
                    + "from the first packet to the new end), %d video frames%n", info.formatDurationSeconds(),
                    info.packetSpanSeconds(), expected, info.videoFrames());
            assertTrue(expected > 8, "the part began before the end it was booked with: " + firstPacket);
            assertEquals(expected, info.packetSpanSeconds(), 1.0, "recorded up to the new end");
            assertEquals("", MediaProbe.decodeErrors(file), "decodes cleanly");
        }
    }
}
