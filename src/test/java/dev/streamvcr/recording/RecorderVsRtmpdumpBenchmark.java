package dev.streamvcr.recording;

import dev.streamvcr.flv.FlvRecorder;
import dev.streamvcr.flv.FlvWriter;
import dev.streamvcr.peer.FfmpegBuild;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.RtmpDump;
import dev.streamvcr.peer.RtmpTap;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.rtmp.client.RtmpClientOptions;
import dev.streamvcr.rtmp.client.RtmpFailure;
import dev.streamvcr.rtmp.client.RtmpMedia;
import dev.streamvcr.rtmp.client.RtmpPlayListener;
import dev.streamvcr.rtmp.client.RtmpPlayer;
import dev.streamvcr.rtmp.client.RtmpUrl;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Records the same nginx-rtmp stream with StreamVCR's RTMP client (player, recorder, FLV writer — as a recording
 * session uses them) and with rtmpdump, side by side, and prints decoded frames, decode errors and first-media
 * latency with the ratio StreamVCR / rtmpdump. Run alone on an otherwise idle machine:
 * {@code ./mvnw -B test -Dtest=RecorderVsRtmpdumpBenchmark} (kept out of the normal test run by its name).
 * The seconds to record come from {@code -Dbenchmark.seconds} (default 30).
 *
 * <p>Both clients are measured the same way: each connects through its own {@link RtmpTap}, which times the
 * first audio/video message the server sends from the client's TCP connect, and which ends both recordings'
 * connections at the same instant. Latency is the median of {@code -Dbenchmark.latencyRuns} (default 7) short
 * plays per client, taken alternately before the recording after {@code -Dbenchmark.warmupRuns} (default 3)
 * unmeasured ones each (a recorder runs in a long-lived JVM; single samples swing by the server's 40 ms delayed
 * ACKs, which StreamVCR's client answers early); the very first play of StreamVCR's client in the JVM is printed
 * apart, as the cold start. {@code -Dbenchmark.trace=true} also prints every message each client and the server
 * exchanged until the first media, timed, for two more plays each. Frames are what Debian's ffmpeg decodes from
 * each file; the audio from the first decoded video frame on is shown apart as well (StreamVCR's file leads in with
 * the audio that arrives before the first keyframe, and begins its video at that keyframe).
 */
class RecorderVsRtmpdumpBenchmark {

    private static final long FIRST_MEDIA_TIMEOUT_MS = 20_000;
    private static final String STREAM = "bench";

    @Test
    void sameStreamBothRecorders() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 30);
        int latencyRuns = Integer.getInteger("benchmark.latencyRuns", 7);
        int warmupRuns = Integer.getInteger("benchmark.warmupRuns", 3);
        PeerTools.ensureInstalled();
        Path dir = Files.createTempDirectory("recorder-benchmark");
        Vertx vertx = Vertx.vertx();
        try (NginxRtmpServer nginx = new NginxRtmpServer().start();
                FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("bench"),
                        new TestCard(1280, 720, 30, 60)).start();
                RtmpTap oursTap = RtmpTap.start(nginx.rtmpPort());
                RtmpTap theirsTap = RtmpTap.start(nginx.rtmpPort())) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            double coldStart = oursFirstMedia(vertx, nginx.rtmpPort());
            for (int i = 0; i < warmupRuns; i++) {
                theirsFirstMedia(nginx.rtmpPort(), dir.resolve("latency-sample.flv"));
                oursFirstMedia(vertx, nginx.rtmpPort());
            }
            List<Double> latencyOurs = new ArrayList<>();
            List<Double> latencyTheirs = new ArrayList<>();
            for (int i = 0; i < latencyRuns; i++) {
                latencyTheirs.add(theirsFirstMedia(nginx.rtmpPort(), dir.resolve("latency-sample.flv")));
                latencyOurs.add(oursFirstMedia(vertx, nginx.rtmpPort()));
            }
            if (Boolean.getBoolean("benchmark.trace")) {
                for (int i = 0; i < 2; i++) {
                    System.out.println("rtmpdump, traced:");
                    theirsFirstMedia(nginx.rtmpPort(), dir.resolve("latency-sample.flv"), true);
                    System.out.println("StreamVCR, traced:");
                    oursFirstMedia(vertx, nginx.rtmpPort(), true);
                }
            }
            Path ours = dir.resolve("streamvcr.flv");
            Path theirs = dir.resolve("rtmpdump.flv");

            FlvWriter writer = FlvWriter.create(vertx, ours, true, true).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            FlvRecorder recorder = new FlvRecorder(writer, System.currentTimeMillis());
            FileStart fileStart = new FileStart();
            CompletableFuture<RtmpPlayer> player = play(vertx, oursTap.rtmpUrl(STREAM), media -> {
                recorder.accept(media.typeId(), media.timestamp(), media.payload(), System.currentTimeMillis());
                fileStart.note(recorder.started());
            });
            try (RtmpDump rtmpdump = RtmpDump.record(theirsTap.rtmpUrl(STREAM), theirs)) {
                oursTap.awaitFirstMediaMillis(FIRST_MEDIA_TIMEOUT_MS);
                theirsTap.awaitFirstMediaMillis(FIRST_MEDIA_TIMEOUT_MS);
                Thread.sleep(seconds * 1000L); // both record for the benchmark's length
                // The same instant for both: what each received until now is what each may write.
                theirsTap.cut();
                oursTap.cut();
                rtmpdump.stop();
                CompletableFuture<Void> closed = new CompletableFuture<>();
                vertx.runOnContext(v -> player.join().close().onComplete(x -> recorder.stop())
                        .compose(x -> writer.close()).onComplete(x -> closed.complete(null)));
                closed.get(10, TimeUnit.SECONDS);

                MediaInfo a = MediaProbe.probe(ours);
                MediaInfo b = MediaProbe.probe(theirs);
                long audioFromVideoOurs = audioFromFirstVideoFrame(ours);
                long audioFromVideoTheirs = audioFromFirstVideoFrame(theirs);
                String errorsOurs = MediaProbe.decodeErrors(ours);
                String errorsTheirs = MediaProbe.decodeErrors(theirs);
                double keyframeWritten = fileStart.nanos < 0 ? Double.NaN
                        : (fileStart.nanos - oursTap.connectedNanos()) / 1e6;
                System.out.printf("""
                        recorder benchmark: the same 1280x720 30 fps H.264/AAC stream (keyframe every 2 s) from \
                        nginx-rtmp, %d s, each client through its own loopback tap
                                                                StreamVCR    rtmpdump    ratio
                          video frames (decoded)              %9d   %9d    %.3f
                          audio frames (decoded)              %9d   %9d    %.3f
                          audio frames from the first video   %9d   %9d    %.3f
                          decode error lines                  %9d   %9d
                          first media message after connect   %7.0f ms  %7.0f ms   %.3f   (median of %d; \
                        StreamVCR's: %s; rtmpdump's: %s)
                          StreamVCR, informational: cold start (first play in the JVM) %.0f ms to first media; \
                        file begun (first keyframe) %.0f ms after connect
                        """, seconds, a.videoFrames(), b.videoFrames(), ratio(a.videoFrames(), b.videoFrames()),
                        a.audioFrames(), b.audioFrames(), ratio(a.audioFrames(), b.audioFrames()),
                        audioFromVideoOurs, audioFromVideoTheirs, ratio(audioFromVideoOurs, audioFromVideoTheirs),
                        lines(errorsOurs), lines(errorsTheirs), median(latencyOurs), median(latencyTheirs),
                        median(latencyOurs) / median(latencyTheirs), latencyRuns, rounded(latencyOurs),
                        rounded(latencyTheirs), coldStart, keyframeWritten);
                if (!errorsOurs.isEmpty()) {
                    System.out.println("  StreamVCR's decode errors (first line): " + errorsOurs.lines().findFirst().orElse(""));
                }
                if (!errorsTheirs.isEmpty()) {
                    System.out.println("  rtmpdump's decode errors (first line): " + errorsTheirs.lines().findFirst().orElse(""));
                }
                if (oursTap.failure() != null || theirsTap.failure() != null) {
                    System.out.println("  a tap could not follow its stream: " + oursTap.failure() + " / " + theirsTap.failure());
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Plays {@code url} with StreamVCR's client on a Vert.x context, handing every message to {@code onMedia}. */
    private static CompletableFuture<RtmpPlayer> play(Vertx vertx, String url, Consumer<RtmpMedia> onMedia) {
        CompletableFuture<RtmpPlayer> player = new CompletableFuture<>();
        RtmpUrl rtmp = RtmpUrl.parse(url);
        vertx.runOnContext(v -> RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(rtmp.port(), rtmp.host()), rtmp,
                RtmpClientOptions.defaults(), new RtmpPlayListener() {
                    @Override
                    public void onMedia(RtmpMedia media) {
                        onMedia.accept(media);
                    }

                    @Override
                    public void onEnd(RtmpFailure reason) {
                    }
                }).onComplete(ar -> {
                    if (ar.succeeded()) {
                        player.complete(ar.result());
                    } else {
                        player.completeExceptionally(ar.cause());
                    }
                }));
        return player;
    }

    /** One short play with StreamVCR's client through a fresh tap: milliseconds from connect to first media. */
    private static double oursFirstMedia(Vertx vertx, int serverPort) throws Exception {
        return oursFirstMedia(vertx, serverPort, false);
    }

    private static double oursFirstMedia(Vertx vertx, int serverPort, boolean traced) throws Exception {
        try (RtmpTap tap = RtmpTap.start(serverPort, traced)) {
            RtmpPlayer player = play(vertx, tap.rtmpUrl(STREAM), media -> { }).get(20, TimeUnit.SECONDS);
            double millis = tap.awaitFirstMediaMillis(FIRST_MEDIA_TIMEOUT_MS);
            tap.trace().forEach(line -> System.out.println("  " + line));
            player.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return millis;
        }
    }

    /** One short play with rtmpdump through a fresh tap: milliseconds from connect to first media. */
    private static double theirsFirstMedia(int serverPort, Path scratch) throws Exception {
        return theirsFirstMedia(serverPort, scratch, false);
    }

    private static double theirsFirstMedia(int serverPort, Path scratch, boolean traced) throws Exception {
        try (RtmpTap tap = RtmpTap.start(serverPort, traced);
                RtmpDump rtmpdump = RtmpDump.record(tap.rtmpUrl(STREAM), scratch)) {
            double millis = tap.awaitFirstMediaMillis(FIRST_MEDIA_TIMEOUT_MS);
            tap.trace().forEach(line -> System.out.println("  " + line));
            rtmpdump.stop();
            return millis;
        }
    }

    private static double median(List<Double> samples) {
        List<Double> sorted = samples.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String rounded(List<Double> samples) {
        return samples.stream().map(ms -> String.valueOf(Math.round(ms))).collect(Collectors.joining(" "));
    }

    /** When our recorder began its file (at the first keyframe, with the audio that led in). Only on the Vert.x context. */
    private static final class FileStart {
        private long nanos = -1;

        void note(boolean started) {
            if (started && nanos < 0) {
                nanos = System.nanoTime();
            }
        }
    }

    /** Decoded audio frames whose pts is at or after the first decoded video frame's, by Debian's ffprobe. */
    private static long audioFromFirstVideoFrame(Path file) {
        ToolRun run = ToolRun.execute(Duration.ofMinutes(2), FfmpegBuild.DEBIAN.ffprobe(List.of("-v", "error",
                "-show_entries", "frame=media_type,pts_time", "-of", "csv=p=0", file.toString()))).requireSuccess();
        double firstVideo = Double.POSITIVE_INFINITY;
        List<Double> audio = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            String[] fields = line.strip().split(",");
            if (fields.length < 2 || fields[1].equals("N/A")) {
                continue;
            }
            double pts = Double.parseDouble(fields[1]);
            if (fields[0].equals("video")) {
                firstVideo = Math.min(firstVideo, pts);
            } else if (fields[0].equals("audio")) {
                audio.add(pts);
            }
        }
        double start = firstVideo;
        return audio.stream().filter(pts -> pts >= start).count();
    }

    private static double ratio(long ours, long theirs) {
        return theirs == 0 ? Double.NaN : (double) ours / theirs;
    }

    private static long lines(String text) {
        return text.isBlank() ? 0 : text.lines().count();
    }
}
