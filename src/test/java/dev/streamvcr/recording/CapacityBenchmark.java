package dev.streamvcr.recording;

import dev.streamvcr.AppClient;
import dev.streamvcr.PackagedApp;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ProcessStats;
import dev.streamvcr.peer.RtmpDump;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.ToolRun;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How many recordings one node holds: the packaged app (started as {@code java -jar}, as the README runs it) records
 * one 720p30 stream from nginx-rtmp N times at once, every reservation booked through the API to start at the same
 * second, and N rtmpdump 2.4 processes record the same stream in the same run. Prints, per N: CPU-seconds per
 * recording-minute of both, the app's whole-JVM RSS and heap against the rtmpdump processes' total RSS, the app's
 * event-loop lag and start lag (booked start → first media written) as p50/p99 bucket bounds of the app's own
 * histograms at {@code /q/metrics} over the round, reservations completed, and video frames per file against the
 * window's and rtmpdump's.
 * Asserts nothing. Needs the packaged app; run alone on an idle machine:
 * {@code ./mvnw -B package -DskipTests && ./mvnw -B test -Dtest=CapacityBenchmark -Dbenchmark.recordings=50,200,500}
 * ({@code -Dbenchmark.seconds} sets the window, default 20; {@code -Dbenchmark.appJvm} passes JVM options to the app).
 * rtmpdump records for as long right after the app's round, so that nginx-rtmp's one worker relays to one set of
 * players at a time ({@code -Dbenchmark.sideBySide=true} runs both at once, as the server's limit allows).
 */
class CapacityBenchmark {

    private static final String PASSWORD = "capacity-admin-password";
    private static final int FPS = 30;
    private static final Pattern PACKETS = Pattern.compile("nb_read_packets=(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final String EVENT_LOOP_LAG = "streamvcr_event_loop_lag_seconds";
    private static final String START_LAG = "streamvcr_recording_start_lag_seconds";

    @Test
    void manyRecordingsOfOneStream() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 20);
        List<Integer> counts = List.of(System.getProperty("benchmark.recordings", "50").split(",")).stream()
                .map(String::strip).map(Integer::parseInt).toList();
        PeerTools.ensureInstalled();
        Path workDir = Files.createTempDirectory("capacity-benchmark");
        int port = PeerTools.freePort();
        Map<String, String> settings = new HashMap<>(Map.of("STREAMVCR_OUTBOUND_ALLOW", "127.0.0.0/8",
                "STREAMVCR_ADMIN_PASSWORD", PASSWORD, "STREAMVCR_STORAGE_DIR", workDir.resolve("storage").toString()));
        String appJvm = System.getProperty("benchmark.appJvm", "");
        if (!appJvm.isBlank()) {
            settings.put("JAVA_TOOL_OPTIONS", appJvm);
        }
        try (NginxRtmpServer nginx = new NginxRtmpServer().start();
                FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("bench"),
                        new TestCard(1280, 720, FPS, 2 * FPS)).start();
                PackagedApp app = PackagedApp.start(workDir, port, settings)) {
            publisher.awaitPublishing(Duration.ofSeconds(30));
            AppClient api = AppClient.admin(port, PASSWORD);
            long pid = app.process().pid();
            System.out.printf("%nMEASURED capacity: one 720p30 stream from nginx-rtmp, %d s windows, app pid %d%n",
                    seconds, pid);
            // a first round, not reported, compiles the hot code, as a node that has been running a while has it
            round(api, pid, nginx.rtmpUrl("bench"), Math.min(counts.get(0), 50), Math.min(seconds, 15), workDir, false);
            for (int n : counts) {
                round(api, pid, nginx.rtmpUrl("bench"), n, seconds, workDir, true);
            }
        } finally {
            deleteTree(workDir);
        }
    }

    private void round(AppClient api, long pid, String url, int n, int seconds, Path workDir, boolean reported)
            throws Exception {
        boolean sideBySide = Boolean.getBoolean("benchmark.sideBySide");
        Path dumps = Files.createDirectories(workDir.resolve("rtmpdump-" + n + "-" + System.nanoTime()));
        double idleRate = idleCpuPerSecond(pid);
        // time to book them all first, then everything starts at one second
        Instant start = Instant.now().plusMillis(8_000 + 40L * n).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant end = start.plusSeconds(seconds);
        List<Long> ids = bookAll(api, url, n, start, seconds);
        String metricsBefore = api.text("/q/metrics");
        sleepUntil(start);
        double cpuAtStart = ProcessStats.cpuSeconds(pid);
        Map<String, Double> threadsAtStart = ProcessStats.threadCpuSeconds(pid);
        Instant cpuFrom = Instant.now();
        Peers peers = sideBySide ? Peers.start(url, n, dumps) : null;
        long peakRss = 0;
        long heapUsed = 0;
        Instant measuredUntil = end.minusSeconds(1);
        while (Instant.now().isBefore(measuredUntil)) {
            peakRss = Math.max(peakRss, ProcessStats.rssBytes(pid));
            if (heapUsed == 0 && Instant.now().isAfter(start.plusSeconds(seconds / 2))) {
                heapUsed = heapUsedBytes(pid, false);
            }
            Thread.sleep(250);
        }
        double appCpu = ProcessStats.cpuSeconds(pid) - cpuAtStart
                - idleRate * Duration.between(cpuFrom, Instant.now()).toMillis() / 1000.0;
        double appSeconds = Duration.between(cpuFrom, Instant.now()).toMillis() / 1000.0;
        Map<String, Double> threadsAtEnd = ProcessStats.threadCpuSeconds(pid);
        long liveHeap = heapUsedBytes(pid, true); // after a full collection: what the sessions really keep
        if (peers != null) {
            peers.measure();
        }
        awaitAllFinal(api, ids, end.plusSeconds(60));
        String metricsAfter = api.text("/q/metrics");
        if (peers == null) {
            // rtmpdump alone, for as long, after StreamVCR's round: the server relays to one set of players at a time
            peers = Peers.start(url, n, dumps);
            Thread.sleep((long) (appSeconds * 1000));
            peers.measure();
        }
        int completed = 0;
        List<Path> files = new ArrayList<>();
        for (long id : ids) {
            completed += "COMPLETED".equals(api.reservation(id).getString("state")) ? 1 : 0;
        }
        try (var walk = Files.walk(workDir.resolve("storage"))) {
            walk.filter(p -> p.toString().endsWith(".flv")).forEach(files::add);
        }
        List<Long> ours = videoPackets(files);
        List<Long> theirs = videoPackets(peers.files());
        if (reported) {
            double minutes = n * appSeconds / 60.0;
            double peerMinutes = n * peers.seconds / 60.0;
            long windowFrames = (long) seconds * FPS;
            System.out.printf("N=%d (%s): completed %d/%d; CPU %.3f vs rtmpdump %.3f CPU-s per recording-minute "
                    + "(%.2f×)%n", n, sideBySide ? "side by side" : "one after the other", completed, n,
                    appCpu / minutes, peers.cpu / peerMinutes, (appCpu / minutes) / (peers.cpu / peerMinutes));
            System.out.printf("N=%d: app CPU-s by thread over %.1f s of the window: %s%n", n, appSeconds,
                    busiestThreads(threadsAtStart, threadsAtEnd));
            System.out.printf("N=%d: memory whole-JVM RSS peak %.0f MiB (heap used %.0f MiB, live after a full GC "
                    + "%.0f MiB) vs rtmpdump total %.0f MiB (%.2f×)%n", n, mib(peakRss), mib(heapUsed), mib(liveHeap),
                    mib(peers.rss), (double) peakRss / peers.rss);
            System.out.printf("N=%d: start lag (booked start to first media written) %s%n", n,
                    Histogram.between(metricsBefore, metricsAfter, START_LAG).describe(0.25));
            System.out.printf("N=%d: event-loop lag %s%n", n,
                    Histogram.between(metricsBefore, metricsAfter, EVENT_LOOP_LAG).describe(0.02));
            System.out.printf("N=%d: video frames per file of %d in the window: StreamVCR min %d / median %d "
                    + "(%d files, %d with >= 99.9%% of the window less one GOP); rtmpdump min %d / median %d "
                    + "(recording %.1f s)%n", n, windowFrames, min(ours), median(ours), ours.size(),
                    ours.stream().filter(f -> f >= 0.999 * windowFrames - 2 * FPS).count(), min(theirs),
                    median(theirs), peers.seconds);
        }
        deleteTree(dumps);
        deleteTree(workDir.resolve("storage"));
    }

    /** N rtmpdump processes on the stream; {@link #measure} reads their CPU and peak memory, then stops them. */
    private static final class Peers {
        private final List<RtmpDump> dumps = new ArrayList<>();
        private final Instant started = Instant.now();
        double cpu;
        long rss;
        double seconds;

        static Peers start(String url, int n, Path dir) throws Exception {
            Peers peers = new Peers();
            for (int i = 0; i < n; i++) {
                peers.dumps.add(RtmpDump.record(url, dir.resolve("dump-" + i + ".flv")));
            }
            return peers;
        }

        void measure() throws Exception {
            seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            for (RtmpDump dump : dumps) {
                if (dump.isRunning()) {
                    cpu += ProcessStats.cpuSeconds(dump.pid());
                    rss += ProcessStats.peakRssBytes(dump.pid());
                }
            }
            dumps.forEach(RtmpDump::stop);
        }

        List<Path> files() {
            return dumps.stream().map(RtmpDump::output).toList();
        }
    }

    private static List<Long> bookAll(AppClient api, String url, int n, Instant start, int seconds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> booked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int number = i;
                booked.add(pool.submit(() -> api.book("Capacity " + number, url, start, seconds)));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> id : booked) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitAllFinal(AppClient api, List<Long> ids, Instant deadline) throws Exception {
        List<Long> open = new ArrayList<>(ids);
        while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
            List<Long> still = new ArrayList<>();
            for (long id : open) {
                String state = api.reservation(id).getString("state");
                if (!List.of("COMPLETED", "FAILED", "CANCELLED").contains(state)) {
                    still.add(id);
                }
            }
            open = still;
            if (!open.isEmpty()) {
                Thread.sleep(500);
            }
        }
        if (!open.isEmpty()) {
            System.out.printf("%d reservation(s) still unfinished 60 s after the booked end%n", open.size());
        }
    }

    /** The app's CPU when it records nothing, to take out of the round's figure (timers, pools, the database). */
    private static double idleCpuPerSecond(long pid) throws Exception {
        double before = ProcessStats.cpuSeconds(pid);
        Thread.sleep(3_000);
        return (ProcessStats.cpuSeconds(pid) - before) / 3.0;
    }

    /** The eight thread groups that used the most CPU between two readings, busiest first. */
    private static String busiestThreads(Map<String, Double> before, Map<String, Double> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    /** The heap in use now, or (with {@code collectFirst}) what is left after a full collection. */
    private static long heapUsedBytes(long pid, boolean collectFirst) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (collectFirst) {
            ToolRun.execute(Duration.ofSeconds(60), List.of(jcmd.toString(), String.valueOf(pid), "GC.run"));
        }
        ToolRun run = ToolRun.execute(Duration.ofSeconds(30), List.of(jcmd.toString(), String.valueOf(pid),
                "GC.heap_info"));
        Matcher m = HEAP_USED.matcher(run.stdout());
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
    }

    /** Video packets per file, counted by ffprobe without decoding (a frame is one packet in FLV). */
    private static List<Long> videoPackets(List<Path> files) {
        List<Long> counts = new ArrayList<>();
        for (Path file : files) {
            ToolRun run = ToolRun.execute(Duration.ofMinutes(1), List.of(PeerTools.FFPROBE.toString(), "-v", "error",
                    "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets",
                    "-of", "default=noprint_wrappers=1", file.toString()));
            Matcher m = PACKETS.matcher(run.stdout());
            counts.add(m.find() ? Long.parseLong(m.group(1)) : 0L);
        }
        Collections.sort(counts);
        return counts;
    }

    private static long min(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(0);
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
