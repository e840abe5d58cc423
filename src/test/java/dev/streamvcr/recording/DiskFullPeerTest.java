package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.flv.FinalisedFile;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.Tmpfs;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real peers (nginx-rtmp relaying ffmpeg's 2.5 Mbit/s H.264/AAC) and a real full disk: one recording's directory is
 * a 1 MiB tmpfs, which its stream fills within about ten seconds. That recording ends FAILED saying the storage is
 * full, and what reached the disk is a finalised file ffmpeg decodes without a word; the app stays up, and a
 * recording of the same stream beside it, on the ordinary storage, is recorded to its booked end. The same for an
 * HLS recording (nginx-rtmp's live HLS of the stream).
 */
@QuarkusTest
class DiskFullPeerTest {

    private static final int SECONDS = 20;
    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults()
            .withRtmpApplications(prefix -> "application hls { live on; hls on; hls_path " + prefix.resolve("hls")
                    + "; hls_fragment 2s; hls_playlist_length 20s; }")
            .withHttpLocations(prefix -> "location /hls/ { alias " + prefix.resolve("hls") + "/; }"));

    @Inject
    RecordingStore store;

    @Test
    void aFullDiskFailsItsRecordingWithAPlayableFileAndTheOtherRecordingGoesOn() throws Exception {
        Api.Account user = Api.newUser("user");
        try (FfmpegPublisher publisher = new FfmpegPublisher(NGINX.get().rtmpUrl("full")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            Instant start = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
            int full = book(user, "Full disk", start);
            int beside = book(user, "Beside it", start);
            Path file = store.resolve(store.partPath(full, start, 1));
            Path directory = file.getParent();
            Files.createDirectories(directory);
            try (Tmpfs small = Tmpfs.mount(directory, "1m")) {
                JsonPath failed = user.awaitFinal(full, start.plusSeconds(SECONDS + 30));
                assertEquals("FAILED", failed.getString("state"), failed.prettify());
                String reason = failed.getString("stateReason");
                assertTrue(reason.contains("storage is full"), reason);
                assertTrue(!reason.contains("Exception"), "a reason for people: " + reason);

                long size = Files.size(file);
                assertTrue(size > 500_000 && size < 1024 * 1024, "most of the 1 MiB, cut after its last whole tag: " + size);
                assertEquals("", MediaProbe.decodeErrors(file), "ffmpeg decodes what was written without a word");
                Map<String, Object> metadata = FinalisedFile.check(file);
                double kept = (double) metadata.get("duration");
                assertTrue(kept > 2 && kept < SECONDS - 5, "stopped when the disk filled: " + kept);
                JsonPath recording = user.api().get("/api/v1/recordings/" + failed.getInt("recordingId")).then()
                        .statusCode(200).extract().jsonPath();
                assertEquals(size, recording.getLong("bytes"), "the recording's size is the file's");
                System.out.printf("MEASURED disk full: %d bytes, %.3f s kept; reason: %s%n", size, kept, reason);

                JsonPath completed = user.awaitFinal(beside, start.plusSeconds(SECONDS + 30));
                assertEquals("COMPLETED", completed.getString("state"), completed.prettify());
                Path other = store.resolve(store.partPath(beside, start, 1));
                assertEquals("", MediaProbe.decodeErrors(other), "the other recording decodes cleanly");
                double length = (double) FinalisedFile.check(other).get("duration");
                assertEquals(SECONDS, length, 3, "the other recording ran to its booked end");
                System.out.printf("MEASURED beside it: %d bytes, %.3f s%n", Files.size(other), length);
            }
        }
    }

    @Test
    void aFullDiskFailsAnHlsRecordingWithAPlayableFile() throws Exception {
        Api.Account user = Api.newUser("user");
        String playlist = NGINX.get().httpUrl("/hls/full.m3u8");
        try (FfmpegPublisher publisher = new FfmpegPublisher("rtmp://127.0.0.1:" + NGINX.get().rtmpPort() + "/hls/full")
                .start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            org.awaitility.Awaitility.await("a playlist").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> java.net.http.HttpClient
                            .newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(playlist))
                                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                            .body().contains("#EXTINF"));
            Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
            int id = user.api().body(Map.of("title", "HLS full", "sourceUrl", playlist, "startAt", start.toString(),
                    "durationSeconds", SECONDS)).post("/api/v1/reservations").then().statusCode(201).extract()
                    .path("id");
            Path file = store.resolve(store.partPath(id, start, 1, "ts"));
            Path directory = file.getParent();
            Files.createDirectories(directory);
            try (Tmpfs small = Tmpfs.mount(directory, "1m")) {
                JsonPath failed = user.awaitFinal(id, start.plusSeconds(SECONDS + 30));
                assertEquals("FAILED", failed.getString("state"), failed.prettify());
                String reason = failed.getString("stateReason");
                assertTrue(reason.contains("storage is full"), reason);
                long size = Files.size(file);
                assertTrue(size > 300_000 && size <= 1024 * 1024, "most of the 1 MiB: " + size);
                String errors = MediaProbe.decodeErrors(file);
                System.out.printf("MEASURED HLS disk full: %d bytes; reason: %s; decode errors: [%s]%n", size, reason,
                        errors);
                assertEquals("", errors, "ffmpeg decodes what was written without a word");
                JsonPath recording = user.api().get("/api/v1/recordings/" + failed.getInt("recordingId")).then()
                        .statusCode(200).extract().jsonPath();
                assertEquals(size, recording.getLong("bytes"), "the recording's size is the file's");
            }
        }
    }

    private static int book(Api.Account user, String title, Instant start) {
        return user.api().body(Map.of("title", title, "sourceUrl", NGINX.get().rtmpUrl("full"),
                "startAt", start.toString(), "durationSeconds", SECONDS))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }
}
