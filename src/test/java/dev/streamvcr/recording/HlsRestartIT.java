package dev.streamvcr.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.AppClient;
import dev.streamvcr.PackagedApp;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.PeerTools;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged app recording a live HLS stream is stopped (SIGTERM) in the middle and started again at once: the
 * recording continues in a second part from the segment after the last one written, so the stream's server sees every
 * segment asked for exactly once, with none missing, and the recording lists no gap.
 */
class HlsRestartIT {

    private static final String PASSWORD = "restart-admin-password";
    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults()
            .withRtmpApplications(prefix -> "application hls { live on; hls on; hls_path " + prefix.resolve("hls")
                    + "; hls_fragment 2s; hls_playlist_length 40s; }")
            .withHttpLocations(prefix -> "location /hls/ { alias " + prefix.resolve("hls") + "/; }"));
    private static final Pattern SEGMENT_GET = Pattern.compile("\"GET /hls/cam-(\\d+)\\.ts ");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRestartInTheMiddleLosesNoSegment() throws Exception {
        String playlist = NGINX.get().httpUrl("/hls/cam.m3u8");
        Path workDir = Files.createTempDirectory("streamvcr-hls-restart");
        int port = PeerTools.freePort();
        Map<String, String> settings = Map.of("STREAMVCR_OUTBOUND_ALLOW", "127.0.0.0/8",
                "STREAMVCR_ADMIN_PASSWORD", PASSWORD, "STREAMVCR_SCHEDULE_PREROLL", "2s",
                "QUARKUS_LOG_CATEGORY__DEV_STREAMVCR__LEVEL", "DEBUG");
        try (FfmpegPublisher publisher = new FfmpegPublisher("rtmp://127.0.0.1:" + NGINX.get().rtmpPort()
                + "/hls/cam").start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(20)).until(() -> playlistText(playlist).contains("#EXTINF"));
            int seconds = 40;
            Instant start;
            AppClient api;
            long id;
            Instant stoppedAt;
            PackagedApp app;
            try (PackagedApp first = PackagedApp.start(workDir, port, settings)) {
                start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
                api = AppClient.admin(port, PASSWORD);
                id = api.book("Restart", playlist, start, seconds);
                // well into the recording, then a service manager's stop
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            Number recorded = api.reservation(id).get("progress.durationSeconds");
                            return recorded != null && recorded.doubleValue() >= 10;
                        });
                stoppedAt = Instant.now();
                app = first;
            }
            String firstLog = app.log();
            Instant restartedAt = Instant.now();
            try (PackagedApp second = PackagedApp.start(workDir, port, settings)) {
                await().atMost(Duration.ofSeconds(seconds + 60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> List.of("COMPLETED", "FAILED").contains(api.reservation(id)
                                .getString("state")));
                JsonPath done = api.reservation(id);
                assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason") + " "
                        + done.getList("history.reason") + "\n" + second.log());
                JsonPath recording = api.recording(done.getInt("recordingId"));
                List<Integer> asked = segmentsAsked();
                TreeSet<Integer> distinct = new TreeSet<>(asked);
                System.out.printf("MEASURED HLS restart: stopped %.1f s after the start, the new process began %.1f s "
                        + "later; %d parts, %d segments fetched (%d–%d), %d fetched twice, %d missing, gaps %s%n",
                        Duration.between(start, stoppedAt).toMillis() / 1000.0,
                        Duration.between(stoppedAt, restartedAt).toMillis() / 1000.0,
                        recording.getList("parts").size(), asked.size(), distinct.first(), distinct.last(),
                        asked.size() - distinct.size(), distinct.last() - distinct.first() + 1 - distinct.size(),
                        recording.getList("gaps"));
                String logs = "\nfirst run:\n" + sessionLines(firstLog) + "\nsecond run:\n" + sessionLines(second.log());
                assertEquals(2, recording.getList("parts").size(), "the restart continued in a new part" + logs);
                assertEquals(distinct.size(), asked.size(), "no segment fetched twice: " + asked + logs);
                assertEquals(distinct.last() - distinct.first() + 1, distinct.size(), "no segment missing: " + asked
                        + logs);
                assertEquals(List.of(), recording.getList("gaps"), logs);
            }
        } finally {
            try (var files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String sessionLines(String log) {
        return log.lines().filter(line -> line.contains("Reservation") || line.contains("recording(s)"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The segments the recorder fetched, in order, from the server's access log. */
    private static List<Integer> segmentsAsked() throws Exception {
        List<Integer> asked = new ArrayList<>();
        Matcher m = SEGMENT_GET.matcher(Files.readString(NGINX.get().prefix().resolve("access.log")));
        while (m.find()) {
            asked.add(Integer.parseInt(m.group(1)));
        }
        return asked;
    }

    private String playlistText(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
