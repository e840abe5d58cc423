package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.EnhancedStream;
import dev.streamvcr.peer.FfmpegBuild;
import dev.streamvcr.peer.FfmpegRtmpServer;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Enhanced RTMP from a real peer into a file current ffmpeg reads: ffmpeg 8 serves each codec it can
 * send over RTMP (HEVC, AV1, VP9; Opus, FLAC, AC-3, E-AC-3; a second video and audio track in
 * Multitrack wrappers), StreamVCR's player and recorder write it as a recording session does, and
 * ffmpeg 8 decodes the file without a single error, with the codecs sent and a frame for every
 * 1/30 s of it.
 */
class EnhancedRtmpRecordingPeerTest {

    private static final Duration RECORD_FOR = Duration.ofSeconds(5);
    /** The first keyframe comes within a second (one GOP); allow the connection another half. */
    private static final double LEAD_IN_SECONDS = 1.5;

    private static Vertx vertx;
    private static FfmpegBuild ffmpeg8;
    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        ffmpeg8 = FfmpegBuild.embedded();
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("enhanced-rtmp");
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    static List<EnhancedStream> streams() {
        return List.of(
                EnhancedStream.of("HEVC + AAC", EnhancedStream.HEVC, "hevc", EnhancedStream.AAC, "aac"),
                EnhancedStream.of("AV1 (libaom) + Opus", EnhancedStream.AV1_AOM, "av1", EnhancedStream.OPUS, "opus"),
                EnhancedStream.of("VP9 + FLAC", EnhancedStream.VP9, "vp9", EnhancedStream.FLAC, "flac"),
                EnhancedStream.of("AV1 (SVT) + AC-3", EnhancedStream.AV1_SVT, "av1", EnhancedStream.AC3, "ac3"),
                EnhancedStream.of("HEVC + E-AC-3", EnhancedStream.HEVC, "hevc", EnhancedStream.EAC3, "eac3"),
                new EnhancedStream("multitrack: HEVC + H.264, AAC + Opus",
                        List.of(EnhancedStream.HEVC, EnhancedStream.H264), List.of(EnhancedStream.AAC, EnhancedStream.OPUS),
                        List.of("hevc", "h264"), List.of("aac", "opus")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void recordsWhatFfmpeg8Sends(EnhancedStream stream) throws Exception {
        Path file = dir.resolve(stream.name().replaceAll("[^A-Za-z0-9]+", "-") + ".flv");
        try (FfmpegRtmpServer server = FfmpegRtmpServer.start(ffmpeg8, stream.ffmpegArguments())) {
            record(server.rtmpUrl(), file, server::stderrTail);
        }

        String errors = MediaProbe.decodeErrors(ffmpeg8, file);
        assertEquals("", errors, "ffmpeg 8 decoding " + file);
        MediaInfo info = MediaProbe.probe(ffmpeg8, file);
        Supplier<String> detail = () -> stream + ": " + info;
        assertEquals(stream.videoCodecs(), codecs(info, "video"), detail);
        assertEquals(stream.audioCodecs(), codecs(info, "audio"), detail);
        for (MediaInfo.StreamInfo track : info.streams()) {
            if (track.codecType().equals("video")) {
                // One frame per 1/30 s of the recording, give or take the last frame's length and an audio frame.
                double expected = info.packetSpanSeconds() * EnhancedStream.FRAME_RATE;
                assertTrue(Math.abs(track.frameCount() - expected) <= 3, "video frames vs span, " + detail.get());
                assertTrue(track.frameCount() >= (RECORD_FOR.toMillis() / 1000.0 - LEAD_IN_SECONDS)
                        * EnhancedStream.FRAME_RATE, "recorded too little, " + detail.get());
            } else {
                assertTrue(track.frameCount() > 0, "no audio frames in " + track + ", " + detail.get());
            }
        }
    }

    private static List<String> codecs(MediaInfo info, String type) {
        return info.streams().stream().filter(s -> s.codecType().equals(type)).map(MediaInfo.StreamInfo::codecName)
                .toList();
    }

    /** Plays {@code url} into {@code file} for {@link #RECORD_FOR}, as a recording session does, then closes both. */
    private static void record(String url, Path file, Supplier<String> serverLog) throws Exception {
        FlvWriter writer = FlvWriter.create(vertx, file, true, true).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        FlvRecorder recorder = new FlvRecorder(writer, System.currentTimeMillis());
        CompletableFuture<RtmpFailure> ended = new CompletableFuture<>();
        CompletableFuture<RtmpPlayer> player = new CompletableFuture<>();
        RtmpUrl rtmp = RtmpUrl.parse(url);
        vertx.runOnContext(v -> RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(rtmp.port(), rtmp.host()), rtmp,
                RtmpClientOptions.defaults(), new RtmpPlayListener() {
                    @Override
                    public void onMedia(RtmpMedia media) {
                        recorder.accept(media.typeId(), media.timestamp(), media.payload(), System.currentTimeMillis());
                    }

                    @Override
                    public void onEnd(RtmpFailure reason) {
                        ended.complete(reason);
                    }
                }).onComplete(ar -> {
                    if (ar.succeeded()) {
                        player.complete(ar.result());
                    } else {
                        player.completeExceptionally(ar.cause());
                    }
                }));
        RtmpPlayer playing = player.get(20, TimeUnit.SECONDS);
        Thread.sleep(RECORD_FOR.toMillis()); // records for this long, as a recording session would
        assertTrue(!ended.isDone() || ended.get().kind() == RtmpFailure.Kind.CLOSED,
                () -> "the stream ended early: " + ended.join() + "\n" + serverLog.get());
        CompletableFuture<Void> closed = new CompletableFuture<>();
        vertx.runOnContext(v -> playing.close().onComplete(x -> recorder.stop())
                .compose(x -> writer.close()).onComplete(x -> closed.complete(null)));
        closed.get(10, TimeUnit.SECONDS);
        assertEquals(FlvRecorder.State.ENDED, recorder.state());
    }
}
