package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Prints what a viewer of a 60 s 720p recording waits for, through the HTTP API of a running app:
 * grant → playlist with the intro, grant → first watermarked segment listed, transcode speed, and ffmpeg's
 * CPU-seconds per content-second. Run alone on an otherwise idle machine:
 * {@code ./mvnw -B test -Dtest=PreviewBenchmark} (kept out of the normal test run by its name).
 */
@QuarkusTest
class PreviewBenchmark {

    private static final int SECONDS = 60;
    /** USER_HZ: the unit of the CPU times in /proc/self/stat on Linux. */
    private static final double TICKS = 100;

    @Inject
    RecordingFixture fixture;

    @Test
    void sixtySecondsOf720p() throws Exception {
        PeerTools.ensureInstalled();
        byte[] bytes = new TestCard(1280, 720, 30, 60).flvBytes(Duration.ofSeconds(SECONDS));
        Api.Account viewer = Api.newUser("user");
        long recording = fixture.finishedRecording(viewer.username(), "Benchmark", bytes);
        Thread.sleep(3000); // let the start-up warm-up (ffmpeg lookup, intro) finish, as on a running server

        double cpuBefore = reapedChildrenCpuSeconds();
        long granted = System.nanoTime();
        Response grant = viewer.api().post("/api/v1/recordings/" + recording + "/preview");
        String url = grant.path("playlistUrl");
        String cookie = grant.cookie("streamvcr-preview");
        String playlist = get(viewer, url, cookie);
        double introMs = (System.nanoTime() - granted) / 1e6;
        double firstSegmentMs = -1;
        while (!playlist.contains("#EXT-X-ENDLIST")) {
            Thread.sleep(50); // benchmark pacing: a look every 50 ms times the first segment
            playlist = get(viewer, url, cookie);
            if (firstSegmentMs < 0 && playlist.contains("seg-")) {
                firstSegmentMs = (System.nanoTime() - granted) / 1e6;
            }
        }
        double wall = (System.nanoTime() - granted) / 1e9;
        Thread.sleep(500); // the transcode's process is reaped just after its playlist ends
        double cpu = reapedChildrenCpuSeconds() - cpuBefore;
        System.out.printf("""
                preview benchmark (%d cores): a %d s 1280x720 30 fps recording
                  grant -> playlist with intro      %.0f ms
                  grant -> first watermarked segment %.0f ms
                  transcode done in %.1f s = %.1f x realtime
                  ffmpeg CPU %.1f s = %.2f CPU-s per content-second
                """, Runtime.getRuntime().availableProcessors(), SECONDS, introMs, firstSegmentMs, wall, SECONDS / wall,
                cpu, cpu / SECONDS);
    }

    private static String get(Api.Account viewer, String url, String cookie) {
        return given().auth().oauth2(viewer.token()).cookie("streamvcr-preview", cookie).get(url)
                .then().statusCode(200).extract().asString();
    }

    private static double reapedChildrenCpuSeconds() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS;
    }
}
