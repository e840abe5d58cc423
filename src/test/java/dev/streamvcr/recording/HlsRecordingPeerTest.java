package dev.streamvcr.recording;

import dev.streamvcr.Api;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live HLS stream from a real server (nginx-rtmp with {@code hls on}, fed by ffmpeg) recorded through the app: the
 * part is an MPEG-TS file with the stream's H.264 and AAC, as long as the booked window within a target duration,
 * that ffmpeg decodes without a word.
 */
@QuarkusTest
class HlsRecordingPeerTest {

    private static final int FRAGMENT_SECONDS = 2;
    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults()
            .withRtmpApplications(prefix -> "application hls { live on; hls on; hls_path " + prefix.resolve("hls")
                    + "; hls_fragment " + FRAGMENT_SECONDS + "s; hls_playlist_length 20s; }")
            .withHttpLocations(prefix -> "location /hls/ { alias " + prefix.resolve("hls") + "/; }"));

    @Inject
    RecordingStore store;

    @Test
    void aLiveHlsStreamIsRecordedForTheBookedWindow() throws Exception {
        Api.Account user = Api.newUser("user");
        String rtmp = "rtmp://127.0.0.1:" + NGINX.get().rtmpPort() + "/hls/cam";
        String playlist = NGINX.get().httpUrl("/hls/cam.m3u8");
        try (FfmpegPublisher publisher = new FfmpegPublisher(rtmp).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            awaitPlaylist(playlist, Duration.ofSeconds(20));
            Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            int seconds = 16;
            int id = user.api().body(Map.of("title", "HLS show", "sourceUrl", playlist, "startAt", start.toString(),
                    "durationSeconds", seconds)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
            JsonPath done = user.awaitFinal(id, start.plusSeconds(seconds + 30));
            assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason") + " "
                    + done.getList("history.reason"));

            Path file = store.resolve(store.partPath(id, start, 1, "ts"));
            MediaInfo info = MediaProbe.probe(file);
            int target = targetDuration(playlist);
            System.out.printf("MEASURED nginx-rtmp HLS recording: %.3f s of %d s booked (target duration %d s), %d "
                    + "video frames, %d audio frames, codecs %s%n", info.formatDurationSeconds(), seconds, target,
                    info.videoFrames(), info.audioFrames(), info.codecNames());
            assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), "codecs: " + info.codecNames());
            assertEquals(seconds, info.formatDurationSeconds(), target + 0.1,
                    "the window within a target duration (a segment's worth at either end, and one audio frame)");
            assertEquals("", MediaProbe.decodeErrors(file));
            Long stored = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> RecordingPart
                    .ofRecording(done.getInt("recordingId")).get(0).lastMediaSequence);
            assertTrue(stored != null && stored > 0, "the part keeps its last segment's sequence number: " + stored);
            user.api().get("/api/v1/recordings/" + done.getInt("recordingId") + "/file").then().statusCode(200)
                    .contentType("video/mp2t")
                    .header("Content-Disposition", org.hamcrest.Matchers.containsString(".ts\""));
        }
    }

    private static int targetDuration(String url) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("#EXT-X-TARGETDURATION:(\\d+)").matcher(body);
        assertTrue(line.find(), body);
        return Integer.parseInt(line.group(1));
    }

    private static void awaitPlaylist(String url, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        await("a playlist at " + url).atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("#EXTINF");
        });
    }
}
