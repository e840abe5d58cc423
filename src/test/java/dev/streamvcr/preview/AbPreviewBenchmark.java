package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Prints how many viewers of one new 720p recording can watch its A/B preview at once, all granted together as a team
 * reviewing it would be: each simulated player waits for the first segment, then needs segment {@code k} by the time
 * the segments before it have played, and counts a stall (and waits) whenever one comes late. Prints grant → first
 * watermarked segment per viewer, stalls, the CPU the node's ffmpeg runs took and the name segments made. Run alone on
 * an otherwise idle machine: {@code ./mvnw -B test -Dtest=AbPreviewBenchmark [-Dbenchmark.viewers=24]
 * [-Dbenchmark.seconds=60]} (kept out of the normal test run by its name).
 */
@QuarkusTest
@TestProfile(AbPreviewBenchmark.AbModeManyViewers.class)
class AbPreviewBenchmark {

    /** A/B mode with the default name period, and room for every viewer's grant. */
    public static class AbModeManyViewers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.preview.mode", "ab");
        }
    }

    private static final double TICKS = 100;

    @Inject
    RecordingFixture fixture;

    @Inject
    NameSegments names;

    private record Played(long grantToFirstMs, int stalls, double stalledSeconds, int segments) {
    }

    @Test
    void manyViewersOfOneRecording() throws Exception {
        PeerTools.ensureInstalled();
        int viewers = Integer.getInteger("benchmark.viewers", 24);
        int seconds = Integer.getInteger("benchmark.seconds", 60);
        byte[] bytes = new TestCard(1280, 720, 30, 60).flvBytes(Duration.ofSeconds(seconds));
        Api.Account owner = Api.newUser("admin");
        long recording = fixture.finishedRecording(owner.username(), "A/B benchmark", bytes);
        List<Api.Account> accounts = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            accounts.add(Api.newUser("admin"));
        }
        Thread.sleep(3000); // let the start-up warm-up (ffmpeg lookup, intro) finish, as on a running server

        double cpuBefore = reapedChildrenCpuSeconds();
        int namesBefore = names.made();
        long start = System.nanoTime();
        ExecutorService players = Executors.newFixedThreadPool(viewers);
        List<Future<Played>> runs = new ArrayList<>();
        for (Api.Account account : accounts) {
            runs.add(players.submit(() -> play(account, recording)));
        }
        List<Played> played = new ArrayList<>();
        for (Future<Played> run : runs) {
            played.add(run.get());
        }
        players.shutdown();
        double wall = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1000); // the shared encode's process is reaped just after it ends
        double cpu = reapedChildrenCpuSeconds() - cpuBefore;
        long[] firsts = played.stream().mapToLong(Played::grantToFirstMs).sorted().toArray();
        long smooth = played.stream().filter(p -> p.stalls() == 0).count();
        System.out.printf("""
                A/B preview benchmark (%d cores): %d viewers granted together, a %d s 1280x720 30 fps recording
                  viewers who played it through in realtime without a stall: %d of %d
                  stalls in all %d, %.1f s stalled in all (worst viewer %.1f s)
                  grant -> first watermarked segment: median %d ms, worst %d ms
                  name segments made %d; ffmpeg CPU %.1f s = %.2f CPU-s per content-second for all viewers
                  wall %.1f s
                """, Runtime.getRuntime().availableProcessors(), viewers, seconds, smooth, viewers,
                played.stream().mapToInt(Played::stalls).sum(),
                played.stream().mapToDouble(Played::stalledSeconds).sum(),
                played.stream().mapToDouble(Played::stalledSeconds).max().orElse(0), firsts[firsts.length / 2],
                firsts[firsts.length - 1], names.made() - namesBefore, cpu, cpu / seconds, wall);
    }

    /** One player: waits for segment k until the ones before it have played, counting each late one as a stall. */
    private static Played play(Api.Account viewer, long recording) throws InterruptedException {
        long granted = System.nanoTime();
        Response grant = viewer.api().post("/api/v1/recordings/" + recording + "/preview");
        String url = grant.path("playlistUrl");
        String cookie = grant.cookie("streamvcr-preview");
        String prefix = url.substring(0, url.lastIndexOf('/') + 1);
        long firstMs = -1;
        long playStart = 0;
        double due = 0;
        int stalls = 0;
        double stalled = 0;
        int k = 0;
        while (true) {
            String playlist = get(viewer, url, cookie);
            List<String> lines = playlist.lines().toList();
            List<String> files = new ArrayList<>();
            List<Double> durations = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("#EXTINF:") && i + 1 < lines.size() && !lines.get(i + 1).equals("intro.ts")) {
                    durations.add(Double.parseDouble(line.substring(8, line.indexOf(','))));
                    files.add(lines.get(i + 1));
                }
            }
            while (k < files.size()) {
                given().auth().oauth2(viewer.token()).cookie("streamvcr-preview", cookie).get(prefix + files.get(k))
                        .then().statusCode(200);
                long now = System.nanoTime();
                if (k == 0) {
                    firstMs = (now - granted) / 1_000_000;
                    playStart = now;
                } else {
                    double late = (now - playStart) / 1e9 - due;
                    if (late > 0) {
                        stalls++;
                        stalled += late;
                        playStart += (long) (late * 1e9);
                    }
                }
                due += durations.get(k);
                k++;
            }
            if (playlist.contains("#EXT-X-ENDLIST") && k == files.size()) {
                return new Played(firstMs, stalls, stalled, k);
            }
            Thread.sleep(250); // a player's reload interval, shorter than hls.js's to time stalls finely
        }
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
