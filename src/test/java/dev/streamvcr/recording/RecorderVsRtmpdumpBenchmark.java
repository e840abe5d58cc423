package dev.streamvcr.recording;

import dev.streamvcr.flv.FlvRecorder;
import dev.streamvcr.flv.FlvWriter;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.RtmpDump;
import dev.streamvcr.peer.TestCard;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Records the same nginx-rtmp stream with StreamVCR's RTMP client (player, recorder, FLV writer — as a recording
 * session uses them) and with rtmpdump, side by side, and prints frames, decode errors and first-media latency
 * with the ratio StreamVCR / rtmpdump. Run alone on an otherwise idle machine:
 * {@code ./mvnw -B test -Dtest=RecorderVsRtmpdumpBenchmark} (kept out of the normal test run by its name).
 * The seconds to record come from {@code -Dbenchmark.seconds} (default 30).
 */
class RecorderVsRtmpdumpBenchmark {

    /** A file counts as "has media" once it holds more than its header, metadata and sequence headers. */
    private static final long FIRST_MEDIA_BYTES = 4096;

    @Test
    void sameStreamBothRecorders() throws Exception {
        int seconds = Integer.getInteger("benchmark.seconds", 30);
        PeerTools.ensureInstalled();
        Path dir = Files.createTempDirectory("recorder-benchmark");
        Vertx vertx = Vertx.vertx();
        try (NginxRtmpServer nginx = new NginxRtmpServer().start();
                FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("bench"),
                        new TestCard(1280, 720, 30, 60)).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            String url = nginx.rtmpUrl("bench");
            Path ours = dir.resolve("streamvcr.flv");
            Path theirs = dir.resolve("rtmpdump.flv");

            long started = System.nanoTime();
            FlvWriter writer = FlvWriter.create(vertx, ours, true, true).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            FlvRecorder recorder = new FlvRecorder(writer, System.currentTimeMillis());
            CompletableFuture<RtmpPlayer> player = new CompletableFuture<>();
            RtmpUrl rtmp = RtmpUrl.parse(url);
            vertx.runOnContext(v -> RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(rtmp.port(), "127.0.0.1"), rtmp,
                    RtmpClientOptions.defaults(), new RtmpPlayListener() {
                        @Override
                        public void onMedia(RtmpMedia media) {
                            recorder.accept(media.typeId(), media.timestamp(), media.payload(), System.currentTimeMillis());
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
            try (RtmpDump rtmpdump = RtmpDump.record(url, theirs)) {
                double[] latency = firstMedia(started, ours, theirs);
                Thread.sleep(seconds * 1000L);
                rtmpdump.stop();
                CompletableFuture<Void> closed = new CompletableFuture<>();
                vertx.runOnContext(v -> player.join().close().onComplete(x -> recorder.stop())
                        .compose(x -> writer.close()).onComplete(x -> closed.complete(null)));
                closed.get(10, TimeUnit.SECONDS);

                MediaInfo a = MediaProbe.probe(ours);
                MediaInfo b = MediaProbe.probe(theirs);
                String errorsOurs = MediaProbe.decodeErrors(ours);
                String errorsTheirs = MediaProbe.decodeErrors(theirs);
                System.out.printf("""
                        recorder benchmark: the same 1280x720 30 fps H.264/AAC stream from nginx-rtmp, %d s
                                                      StreamVCR    rtmpdump    ratio
                          video frames              %9d   %9d    %.3f
                          audio frames              %9d   %9d    %.3f
                          decode error lines        %9d   %9d
                          first media after start   %7.0f ms  %7.0f ms   %.3f
                        """, seconds, a.videoFrames(), b.videoFrames(), ratio(a.videoFrames(), b.videoFrames()),
                        a.audioFrames(), b.audioFrames(), ratio(a.audioFrames(), b.audioFrames()),
                        lines(errorsOurs), lines(errorsTheirs), latency[0], latency[1], latency[0] / latency[1]);
                if (!errorsTheirs.isEmpty()) {
                    System.out.println("  rtmpdump's decode errors (first line): " + errorsTheirs.lines().findFirst().orElse(""));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Milliseconds from {@code started} until each file holds media, polled every 5 ms. */
    private static double[] firstMedia(long started, Path ours, Path theirs) throws Exception {
        double[] ms = {-1, -1};
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((ms[0] < 0 || ms[1] < 0) && System.nanoTime() < deadline) {
            if (ms[0] < 0 && Files.exists(ours) && Files.size(ours) > FIRST_MEDIA_BYTES) {
                ms[0] = (System.nanoTime() - started) / 1e6;
            }
            if (ms[1] < 0 && Files.exists(theirs) && Files.size(theirs) > FIRST_MEDIA_BYTES) {
                ms[1] = (System.nanoTime() - started) / 1e6;
            }
            Thread.sleep(5);
        }
        return ms;
    }

    private static double ratio(long ours, long theirs) {
        return theirs == 0 ? Double.NaN : (double) ours / theirs;
    }

    private static long lines(String text) {
        return text.isBlank() ? 0 : text.lines().count();
    }
}
