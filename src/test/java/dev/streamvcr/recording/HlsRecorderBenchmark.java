package dev.streamvcr.recording;

import dev.streamvcr.hls.LiveStart;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.client.HlsFollowOptions;
import dev.streamvcr.hls.client.HlsFollower;
import dev.streamvcr.hls.client.HlsListener;
import dev.streamvcr.hls.client.SegmentSink;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.peer.DebianPackages;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Records the same live HLS stream (nginx-rtmp with {@code hls on}, 720p30 at 2.5 Mbit/s, 2 s segments) with
 * StreamVCR's HLS client (follower, timeline, part file: what a recording session uses), with {@code ffmpeg -i URL -c
 * copy} and with {@code streamlink}, N recordings of each side by side, and prints per tool: segments captured of those
 * first listed during the window (and fetches of them), segments StreamVCR missed that ffmpeg got, decode errors,
 * CPU-seconds and memory per recording, and time to the first byte written. Run alone on an idle machine:
 * {@code ./mvnw -B test -Dtest=HlsRecorderBenchmark [-Dbenchmark.seconds=30] [-Dbenchmark.recordings=1,50]}.
 */
class HlsRecorderBenchmark {

    private static final DebianPackages STREAMLINK = new DebianPackages("The HLS benchmark",
            List.of(Path.of("/usr/bin/streamlink")), List.of("streamlink"));
    /** A segment served whole: 200, or 206 to ffmpeg, which asks for {@code Range: bytes=0-}. */
    private static final Pattern SEGMENT = Pattern.compile(
            "\"GET /hls/bench-(\\d+)\\.ts HTTP[^\"]*\" 20[06] \\d+ \"[^\"]*\" \"([^\"]*)\"");
    private static final HttpClient LISTING = HttpClient.newHttpClient();
    private static final int DECODE_SAMPLES = 3;

    @Test
    void sameStreamThreeRecorders() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 30);
        List<Integer> counts = List.of(System.getProperty("benchmark.recordings", "1,50").split(",")).stream()
                .map(String::strip).map(Integer::parseInt).toList();
        PeerTools.ensureInstalled();
        STREAMLINK.ensureInstalled();
        Vertx vertx = Vertx.vertx();
        OutboundHttpClient http = new OutboundHttpClient(vertx, host -> InetAddress.getLoopbackAddress(), 64);
        Path dir = Files.createTempDirectory("hls-benchmark");
        NginxRtmpConfig config = NginxRtmpConfig.defaults()
                .withRtmpApplications(prefix -> "application hls { live on; hls on; hls_path " + prefix.resolve("hls")
                        + "; hls_fragment 2s; hls_playlist_length 30s; }")
                .withHttpLocations(prefix -> "location /hls/ { alias " + prefix.resolve("hls") + "/; }");
        try (NginxRtmpServer nginx = new NginxRtmpServer(config).start();
                FfmpegPublisher publisher = new FfmpegPublisher("rtmp://127.0.0.1:" + nginx.rtmpPort() + "/hls/bench",
                        new TestCard(1280, 720, 30, 60)).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            String url = nginx.httpUrl("/hls/bench.m3u8");
            awaitPlaylist(url);
            // the first round compiles the JIT's code for both sides: it is run once more, and not reported
            round(vertx, http, nginx, url, counts.get(0), Math.min(seconds, 12), dir.resolve("warm-up"), false);
            for (int n : counts) {
                round(vertx, http, nginx, url, n, seconds, dir.resolve("n" + n), true);
            }
        } finally {
            http.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void round(Vertx vertx, OutboundHttpClient http, NginxRtmpServer nginx, String url, int n, int seconds,
            Path dir, boolean reported) throws Exception {
        Files.createDirectories(dir);
        Path accessLog = nginx.prefix().resolve("access.log");
        long logFrom = Files.size(accessLog);
        double idleCpu = idleCpuSeconds(seconds);
        long heapBefore = liveHeap();
        long rssBefore = rss(ProcessHandle.current().pid());

        // segments listed already ended before the start: no recorder of the window needs them
        Set<Integer> before = listedSegments(url);
        Instant start = Instant.now();
        List<Ours> ours = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ours.add(new Ours(vertx, http, url, dir.resolve("streamvcr-" + i + ".ts"), start));
        }
        List<Tool> theirs = new ArrayList<>();
        // -Dbenchmark.peers=false records with StreamVCR alone, to profile it (JFR) without the peers' load
        for (int i = 0; i < n && !"false".equals(System.getProperty("benchmark.peers")); i++) {
            Path ff = dir.resolve("ffmpeg-" + i + ".ts");
            theirs.add(Tool.start("ffmpeg", ff, List.of(PeerTools.FFMPEG.toString(), "-nostdin", "-loglevel", "error",
                    "-i", url, "-c", "copy", "-f", "mpegts", ff.toString())));
            Path sl = dir.resolve("streamlink-" + i + ".ts");
            theirs.add(Tool.start("streamlink", sl, List.of("/usr/bin/streamlink", "--loglevel", "error",
                    "--hls-live-edge", "3", "-o", sl.toString(), "hls://" + url, "best")));
        }
        double cpuAtStart = cpuSeconds();
        Map<Long, Long> vertxThreadsAtStart = vertxThreadCpu();
        Set<Integer> listed = new TreeSet<>();
        Instant end = start.plusSeconds(seconds);
        long rssMid = 0;
        while (Instant.now().isBefore(end)) {
            listedSegments(url).stream().filter(segment -> !before.contains(segment)).forEach(listed::add);
            ours.forEach(Ours::pollFirstByte);
            theirs.forEach(Tool::pollFirstByte);
            if (rssMid == 0 && Instant.now().isAfter(start.plusSeconds(seconds / 2))) {
                rssMid = rss(ProcessHandle.current().pid());
            }
            Thread.sleep(200); // the pace at which the window is sampled
        }
        long heapDuring = liveHeap();
        double ourCpu = cpuSeconds() - cpuAtStart - idleCpu;
        double ourThreadsCpu = vertxThreadCpu().entrySet().stream()
                .mapToLong(e -> e.getValue() - vertxThreadsAtStart.getOrDefault(e.getKey(), 0L)).sum() / 1e9;
        // all recorders stop at the window's end together, not one after another
        for (Tool tool : theirs) {
            tool.stop();
        }
        for (Ours recorder : ours) {
            recorder.close();
        }
        for (Tool tool : theirs) {
            tool.await();
        }
        if (reported) {
            report(n, seconds, listed, accessLog, logFrom, ours, theirs, ourCpu, ourThreadsCpu, (rssMid - rssBefore),
                    heapDuring - heapBefore);
        }
    }

    private void report(int n, int seconds, Set<Integer> listed, Path accessLog, long logFrom, List<Ours> ours,
            List<Tool> theirs, double ourCpu, double ourThreadsCpu, long ourRss, long ourHeap) throws Exception {
        String log = Files.readString(accessLog).substring((int) logFrom);
        ConcurrentHashMap<String, Set<Integer>> got = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Integer> fetches = new ConcurrentHashMap<>();
        Matcher m = SEGMENT.matcher(log);
        while (m.find()) {
            String agent = m.group(2).contains("StreamVCR") ? "streamvcr" : m.group(2).startsWith("Lavf") ? "ffmpeg"
                    : "streamlink";
            int segment = Integer.parseInt(m.group(1));
            if (listed.contains(segment)) {
                got.computeIfAbsent(agent, a -> new TreeSet<>()).add(segment);
                fetches.merge(agent, 1, Integer::sum);
            }
        }
        Set<Integer> missedVsFfmpeg = new TreeSet<>(got.getOrDefault("ffmpeg", Set.of()));
        missedVsFfmpeg.removeAll(got.getOrDefault("streamvcr", Set.of()));
        System.out.printf("%nMEASURED HLS recorders, N = %d, %d s window, %d segments listed during it%n", n, seconds,
                listed.size());
        System.out.printf("  %-11s %9s %9s %7s %12s %12s %12s %11s%n", "recorder", "segments", "fetches/n",
                "decode", "CPU-s/rec", "RSS MiB/rec", "heap KiB/rec", "1st byte ms");
        double ourFirst = ours.stream().mapToLong(o -> o.firstByteMs).sorted().skip(n / 2).findFirst().orElse(-1);
        System.out.printf("  %-11s %9d %9.1f %7s %12.3f %12.2f %12.0f %11.0f%n", "StreamVCR",
                got.getOrDefault("streamvcr", Set.of()).size(), fetches.getOrDefault("streamvcr", 0) / (double) n,
                decodeErrors(ours.stream().map(o -> o.file).toList()), ourCpu / n, ourRss / 1048576.0 / n,
                ourHeap / 1024.0 / n, ourFirst);
        for (String name : List.of("ffmpeg", "streamlink")) {
            List<Tool> group = theirs.stream().filter(t -> t.name.equals(name)).toList();
            double cpu = group.stream().mapToDouble(t -> t.cpuSeconds).sum();
            double rss = group.stream().mapToLong(t -> t.peakRss).sum() / 1048576.0;
            double first = group.stream().mapToLong(t -> t.firstByteMs).sorted().skip(n / 2).findFirst().orElse(-1);
            System.out.printf("  %-11s %9d %9.1f %7s %12.3f %12.2f %12s %11.0f%n", name,
                    got.getOrDefault(name, Set.of()).size(), fetches.getOrDefault(name, 0) / (double) n,
                    decodeErrors(group.stream().map(t -> t.file).toList()), cpu / n, rss / n, "-", first);
        }
        double ffmpegCpu = theirs.stream().filter(t -> t.name.equals("ffmpeg")).mapToDouble(t -> t.cpuSeconds).sum();
        System.out.printf("  StreamVCR missed %d segment(s) ffmpeg got %s; CPU per recording %.2f× ffmpeg's; "
                + "gaps reported %d; streams lost and followed again %d%n", missedVsFfmpeg.size(), missedVsFfmpeg,
                ourCpu / Math.max(ffmpegCpu, 1e-9), ours.stream().mapToInt(o -> o.missed).sum(),
                ours.stream().mapToInt(o -> o.reconnects).sum());
        System.out.printf("  StreamVCR's own threads (Vert.x event loops and file writers, no JIT or GC): %.3f "
                + "CPU-s per recording, %.2f× ffmpeg's%n", ourThreadsCpu / n,
                ourThreadsCpu / Math.max(ffmpegCpu, 1e-9));
    }

    private static String decodeErrors(List<Path> files) {
        int bad = 0;
        int checked = 0;
        for (Path file : files.subList(0, Math.min(DECODE_SAMPLES, files.size()))) {
            checked++;
            if (!Files.exists(file) || !MediaProbe.decodeErrors(file).isEmpty()) {
                bad++;
            }
        }
        return bad + "/" + checked;
    }

    /**
     * StreamVCR's HLS client into a part file, as a recording session runs it: a lost stream is followed again after
     * the last segment written, into the same part.
     */
    private static final class Ours implements HlsListener {
        final Vertx vertx;
        final HlsFetches fetches;
        final URI url;
        final Path file;
        final Instant started;
        volatile HlsFollower follower;
        HlsPartFile part;
        volatile long firstByteMs = -1;
        volatile int missed;
        volatile int reconnects;
        volatile long lastWritten = -1;
        volatile boolean closing;

        Ours(Vertx vertx, OutboundHttpClient http, String url, Path file, Instant started) {
            this.vertx = vertx;
            this.fetches = new HlsFetches(http, null, Map.of());
            this.url = URI.create(url);
            this.file = file;
            this.started = started;
            follow(LiveStart.at(started));
        }

        private void follow(LiveStart start) {
            follower = new HlsFollower(vertx, fetches, url, HlsFollowOptions.defaults().withStart(start), this);
            vertx.runOnContext(v -> follower.start());
        }

        @Override
        public Future<SegmentSink> ready(String description, boolean fragmentedMp4) {
            if (part != null) {
                return Future.succeededFuture(part);
            }
            return HlsPartFile.create(io.vertx.core.Vertx.currentContext().owner(), file, fragmentedMp4).map(p -> {
                part = p;
                return p;
            });
        }

        @Override
        public void written(MediaSegment segment, long bytes) {
            lastWritten = segment.mediaSequence();
        }

        @Override
        public void missed(long firstSequence, long count, Duration length, String cause) {
            missed += (int) count;
        }

        @Override
        public void ended() {
        }

        @Override
        public void lost(String reason) {
            if (!closing) {
                reconnects++;
                System.out.println("StreamVCR lost the stream, following it again: " + reason);
                follow(lastWritten >= 0 ? LiveStart.after(lastWritten) : LiveStart.at(started));
            }
        }

        @Override
        public void failed(String reason) {
            System.out.println("StreamVCR failed: " + reason);
        }

        void pollFirstByte() {
            if (firstByteMs < 0 && part != null && part.snapshot() != null && part.snapshot().bytesWritten() > 0) {
                firstByteMs = Duration.between(started, Instant.now()).toMillis();
            }
        }

        void close() throws Exception {
            closing = true;
            follower.stop();
            if (part != null) {
                part.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** ffmpeg or streamlink writing one file; its CPU and peak memory are read from /proc before it is stopped. */
    private static final class Tool {
        final String name;
        final Path file;
        final Process process;
        final Instant started = Instant.now();
        long firstByteMs = -1;
        double cpuSeconds;
        long peakRss;

        private Tool(String name, Path file, Process process) {
            this.name = name;
            this.file = file;
            this.process = process;
        }

        static Tool start(String name, Path file, List<String> command) throws Exception {
            return new Tool(name, file, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(file.resolveSibling(file.getFileName() + ".log").toFile()).start());
        }

        void pollFirstByte() {
            try {
                if (firstByteMs < 0 && Files.exists(file) && Files.size(file) > 0) {
                    firstByteMs = Duration.between(started, Instant.now()).toMillis();
                }
            } catch (java.io.IOException e) {
                // not there yet
            }
        }

        void stop() throws Exception {
            cpuSeconds = procCpuSeconds(process.pid());
            peakRss = peakRss(process.pid());
            process.destroy(); // SIGTERM: both write what they have and exit
        }

        void await() throws Exception {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Set<Integer> listedSegments(String url) throws Exception {
        String text = LISTING.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<Integer> found = new TreeSet<>();
        Matcher m = Pattern.compile("bench-(\\d+)\\.ts").matcher(text);
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    private static void awaitPlaylist(String url) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (listedSegments(url).size() < 3) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no playlist at " + url);
            }
            Thread.sleep(500); // the server makes a segment every 2 s
        }
    }

    /** This JVM's CPU over {@code seconds} of doing nothing: what the JIT, GC and Vert.x cost anyway. */
    private static double idleCpuSeconds(int seconds) throws InterruptedException {
        double before = cpuSeconds();
        Thread.sleep(Math.min(seconds, 10) * 1000L); // a sample of idle time, scaled below
        return (cpuSeconds() - before) * seconds / Math.min(seconds, 10);
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** CPU time of each Vert.x thread (event loops, blocking file writers) by thread ID. */
    private static Map<Long, Long> vertxThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-")) {
                cpu.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
            }
        }
        return cpu;
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss(long pid) throws Exception {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    private static long peakRss(long pid) throws Exception {
        return statusKb(pid, "VmHWM:") * 1024;
    }

    private static long statusKb(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** utime + stime of a process and its children that ended, from /proc (clock ticks of 1/100 s). */
    private static double procCpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
        return ticks / 100.0;
    }
}
