package dev.streamvcr.recording;

import dev.streamvcr.outbound.OutboundHttpClient;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The StreamVCR side of {@link HlsRecorderBenchmark} in a JVM of its own, so that its CPU and memory are read from
 * /proc as ffmpeg's and streamlink's are, and the harness's own sampling does not count. One command a line on
 * standard input, one answer a line on standard output:
 * <ul>
 * <li>{@code start N URL DIR EPOCH_MS}: N recordings of URL into DIR/streamvcr-I.ts, as of that instant; {@code started}
 * <li>{@code heap}: the live heap after a full collection, in bytes
 * <li>{@code stop}: a last look at the playlist as a recording session takes at its booked end, then every recording
 * stopped together a target duration later; {@code stopped MISSED RECONNECTS VERTX_CPU_NANOS}
 * <li>{@code exit}
 * </ul>
 */
public final class HlsRecorderChild {

    private HlsRecorderChild() {
    }

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        OutboundHttpClient http = new OutboundHttpClient(vertx, host -> InetAddress.getLoopbackAddress(), 64);
        List<BenchmarkFollower> running = new ArrayList<>();
        Map<Long, Long> vertxCpuAtStart = Map.of();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "start" -> {
                    Instant start = Instant.ofEpochMilli(Long.parseLong(words[4]));
                    vertxCpuAtStart = vertxThreadCpu();
                    for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                        running.add(new BenchmarkFollower(vertx, http, words[2],
                                Path.of(words[3]).resolve("streamvcr-" + i + ".ts"), start));
                    }
                    System.out.println("started");
                }
                case "heap" -> {
                    System.gc();
                    System.out.println(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
                case "stop" -> {
                    // as a recording session at its booked end: a last look at the playlist, a target duration for it
                    long tail = running.stream().map(BenchmarkFollower::lastLook)
                            .mapToLong(java.time.Duration::toMillis).max().orElse(0);
                    Thread.sleep(tail);
                    // all recordings stop at the window's end together, not one after another
                    running.forEach(BenchmarkFollower::stop);
                    for (BenchmarkFollower follower : running) {
                        follower.closePart();
                    }
                    Map<Long, Long> before = vertxCpuAtStart;
                    long vertxCpu = vertxThreadCpu().entrySet().stream()
                            .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
                    System.out.println("stopped " + running.stream().mapToInt(f -> f.missed).sum() + " "
                            + running.stream().mapToInt(f -> f.reconnects).sum() + " " + vertxCpu);
                    running.clear();
                }
                case "exit" -> {
                    http.close();
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    return;
                }
                default -> System.out.println("unknown command " + words[0]);
            }
        }
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
}
