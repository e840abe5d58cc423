package dev.streamvcr.recording;

import dev.streamvcr.peer.DebianPackages;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ProcessStats;
import dev.streamvcr.peer.TestCard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * CPU-seconds and memory per recording, and time to the first byte written. StreamVCR's recordings run in a JVM of
 * their own ({@link HlsRecorderChild}) so that they are measured from /proc as the peers are. Run alone on an idle
 * machine: {@code ./mvnw -B test -Dtest=HlsRecorderBenchmark [-Dbenchmark.seconds=30] [-Dbenchmark.recordings=1,50]}.
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
        Path dir = Files.createTempDirectory("hls-benchmark");
        NginxRtmpConfig config = NginxRtmpConfig.defaults()
                .withRtmpApplications(prefix -> "application hls { live on; hls on; hls_path " + prefix.resolve("hls")
                        + "; hls_fragment 2s; hls_playlist_length 30s; }")
                .withHttpLocations(prefix -> "location /hls/ { alias " + prefix.resolve("hls") + "/; }");
        try (Child ours = Child.start(dir);
                NginxRtmpServer nginx = new NginxRtmpServer(config).start();
                FfmpegPublisher publisher = new FfmpegPublisher("rtmp://127.0.0.1:" + nginx.rtmpPort() + "/hls/bench",
                        new TestCard(1280, 720, 30, 60)).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            String url = nginx.httpUrl("/hls/bench.m3u8");
            awaitPlaylist(url);
            // the first round compiles the JIT's code for both sides: it is run once more, and not reported
            round(ours, nginx, url, counts.get(0), Math.min(seconds, 12), dir.resolve("warm-up"), false);
            for (int n : counts) {
                round(ours, nginx, url, n, seconds, dir.resolve("n" + n), true);
            }
        }
    }

    private void round(Child child, NginxRtmpServer nginx, String url, int n, int seconds, Path dir,
            boolean reported) throws Exception {
        Files.createDirectories(dir);
        Path accessLog = nginx.prefix().resolve("access.log");
        long logFrom = Files.size(accessLog);
        double idleCpu = child.idleCpuSeconds(seconds);
        long heapBefore = child.liveHeap();
        long rssBefore = ProcessStats.rssBytes(child.pid());

        // segments listed already ended before the start: no recorder of the window needs them
        Set<Integer> before = listedSegments(url);
        Instant start = Instant.now();
        double cpuAtStart = ProcessStats.cpuSeconds(child.pid());
        Map<String, Double> threadsAtStart = ProcessStats.threadCpuSeconds(child.pid());
        child.ask("start " + n + " " + url + " " + dir + " " + start.toEpochMilli());
        List<Tool> ours = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ours.add(new Tool("StreamVCR", dir.resolve("streamvcr-" + i + ".ts"), null, start));
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
        Map<Integer, Instant> listed = new TreeMap<>(); // when the harness first saw each listed
        Instant end = start.plusSeconds(seconds);
        long rssMid = 0;
        while (Instant.now().isBefore(end)) {
            Instant now = Instant.now();
            listedSegments(url).stream().filter(segment -> !before.contains(segment))
                    .forEach(segment -> listed.putIfAbsent(segment, now));
            ours.forEach(Tool::pollFirstByte);
            theirs.forEach(Tool::pollFirstByte);
            if (rssMid == 0 && Instant.now().isAfter(start.plusSeconds(seconds / 2))) {
                rssMid = ProcessStats.rssBytes(child.pid());
            }
            Thread.sleep(200); // the pace at which the window is sampled
        }
        double ourCpu = ProcessStats.cpuSeconds(child.pid()) - cpuAtStart - idleCpu;
        Map<String, Double> threadsAtEnd = ProcessStats.threadCpuSeconds(child.pid());
        long heapDuring = child.liveHeap();
        // all recorders stop at the window's end together, not one after another
        for (Tool tool : theirs) {
            tool.stop();
        }
        String[] stopped = child.ask("stop").split(" ");
        for (Tool tool : theirs) {
            tool.await();
        }
        Summary summary = new Summary(Integer.parseInt(stopped[1]), Integer.parseInt(stopped[2]),
                Long.parseLong(stopped[3]) / 1e9);
        if (reported) {
            StringBuilder where = new StringBuilder("  where the StreamVCR JVM's CPU went (CPU-s, idle not taken off):");
            threadsAtEnd.entrySet().stream().map(e -> Map.entry(e.getKey(),
                    e.getValue() - threadsAtStart.getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() >= 0.01).sorted(Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
                    .forEach(e -> where.append(String.format(" %s %.2f,", e.getKey(), e.getValue())));
            System.out.println(where);
        }
        if (reported) {
            report(n, seconds, listed, end, accessLog, logFrom, ours, theirs, ourCpu, summary, (rssMid - rssBefore),
                    heapDuring - heapBefore);
        }
    }

    private void report(int n, int seconds, Map<Integer, Instant> listed, Instant end, Path accessLog, long logFrom, List<Tool> ours,
            List<Tool> theirs, double ourCpu, Summary summary, long ourRss, long ourHeap) throws Exception {
        String log = Files.readString(accessLog).substring((int) logFrom);
        ConcurrentHashMap<String, Set<Integer>> got = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Integer> fetches = new ConcurrentHashMap<>();
        Map<Integer, Map<String, Integer>> bySegment = new TreeMap<>();
        Matcher m = SEGMENT.matcher(log);
        while (m.find()) {
            String agent = m.group(2).contains("StreamVCR") ? "streamvcr" : m.group(2).startsWith("Lavf") ? "ffmpeg"
                    : "streamlink";
            int segment = Integer.parseInt(m.group(1));
            if (listed.containsKey(segment)) {
                got.computeIfAbsent(agent, a -> new TreeSet<>()).add(segment);
                fetches.merge(agent, 1, Integer::sum);
                bySegment.computeIfAbsent(segment, k -> new TreeMap<>()).merge(agent, 1, Integer::sum);
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
                ourCpu / Math.max(ffmpegCpu, 1e-9), summary.missed(), summary.reconnects());
        System.out.printf("  StreamVCR's own threads (Vert.x event loops and file writers, no JIT or GC): %.3f "
                + "CPU-s per recording, %.2f× ffmpeg's%n", summary.vertxCpu() / n,
                summary.vertxCpu() / Math.max(ffmpegCpu, 1e-9));
        // where recorders differ: the segments at the window's edges, listed just after the start or before the end
        List<Integer> order = new ArrayList<>(listed.keySet());
        for (int segment : order.isEmpty() ? List.<Integer>of() : List.of(order.get(0), order.get(order.size() - 1))) {
            Map<String, Integer> counts = bySegment.getOrDefault(segment, Map.of());
            System.out.printf("  segment %d, listed %.1f s before the end: fetched by StreamVCR %d/%d, ffmpeg %d/%d, "
                    + "streamlink %d/%d%n", segment, Duration.between(listed.get(segment), end).toMillis() / 1000.0,
                    counts.getOrDefault("streamvcr", 0), n, counts.getOrDefault("ffmpeg", 0), n,
                    counts.getOrDefault("streamlink", 0), n);
        }
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

    /** What the StreamVCR child said when its recordings stopped. */
    private record Summary(int missed, int reconnects, double vertxCpu) {
    }

    /**
     * The JVM that runs StreamVCR's recordings ({@link HlsRecorderChild}): the test's class path, and a fixed heap
     * touched at its start, so that what its resident memory grows by is what recordings hold outside the heap (their
     * heap is read after a full collection). {@code -Dbenchmark.childJvm="-XX:StartFlightRecording=..."} profiles it.
     */
    private record Child(Process process, java.io.BufferedWriter commands, java.io.BufferedReader answers)
            implements AutoCloseable {

        static Child start(Path dir) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx256m",
                    "-XX:+AlwaysPreTouch"));
            String extra = System.getProperty("benchmark.childJvm", "");
            if (!extra.isBlank()) {
                command.addAll(List.of(extra.strip().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), HlsRecorderChild.class.getName()));
            Process process = new ProcessBuilder(command)
                    .redirectError(dir.resolve("streamvcr-child.log").toFile()).start();
            Child child = new Child(process, process.outputWriter(), process.inputReader());
            String ready = child.answers.readLine();
            if (!"ready".equals(ready)) {
                process.destroyForcibly();
                throw new IllegalStateException("the StreamVCR recorder JVM did not start (" + ready + "); see "
                        + dir.resolve("streamvcr-child.log"));
            }
            return child;
        }

        long pid() {
            return process.pid();
        }

        String ask(String command) throws Exception {
            commands.write(command);
            commands.newLine();
            commands.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IllegalStateException("the StreamVCR recorder JVM ended");
            }
            return answer;
        }

        long liveHeap() throws Exception {
            return Long.parseLong(ask("heap"));
        }

        /** The child's CPU over {@code seconds} of recording nothing: what its JIT, GC and Vert.x cost anyway. */
        double idleCpuSeconds(int seconds) throws Exception {
            double before = ProcessStats.cpuSeconds(pid());
            Thread.sleep(Math.min(seconds, 10) * 1000L); // a sample of idle time, scaled below
            return (ProcessStats.cpuSeconds(pid()) - before) * seconds / Math.min(seconds, 10);
        }

        @Override
        public void close() throws Exception {
            try {
                ask("exit");
            } catch (Exception e) {
                // it ended already
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** ffmpeg or streamlink writing one file; its CPU and peak memory are read from /proc before it is stopped. */
    private static final class Tool {
        final String name;
        final Path file;
        final Process process;
        final Instant started;
        long firstByteMs = -1;
        double cpuSeconds;
        long peakRss;

        /** A file written by {@code process}, or by the StreamVCR child (then {@code process} is null). */
        private Tool(String name, Path file, Process process, Instant started) {
            this.name = name;
            this.file = file;
            this.process = process;
            this.started = started;
        }

        static Tool start(String name, Path file, List<String> command) throws Exception {
            return new Tool(name, file, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(file.resolveSibling(file.getFileName() + ".log").toFile()).start(), Instant.now());
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
            cpuSeconds = ProcessStats.cpuSeconds(process.pid());
            peakRss = ProcessStats.peakRssBytes(process.pid());
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
}
