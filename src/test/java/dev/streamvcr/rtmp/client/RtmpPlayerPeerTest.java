package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.FfmpegRtmpServer;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RtmpPlayer against real servers: ffmpeg's one-player listen mode and nginx-rtmp relaying an ffmpeg publisher.
 * Each plays the {@link TestCard#DEFAULT} (30 fps, AAC at 44.1 kHz) for a few seconds and checks that audio and
 * video arrive in real time, codec headers first, timestamps never going backwards.
 */
class RtmpPlayerPeerTest {
    private static final Duration PLAY_FOR = Duration.ofSeconds(5);
    private static final double VIDEO_FPS = TestCard.DEFAULT.frameRate();
    /** AAC: 1024 samples per frame. */
    private static final double AUDIO_FPS = 44_100 / 1024.0;

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults().withoutHttp());

    @BeforeAll
    static void setUp() {
        PeerTools.ensureInstalled();
    }

    @Test
    void playsFfmpegListenServer() throws Exception {
        try (FfmpegRtmpServer server = FfmpegRtmpServer.start(TestCard.DEFAULT)) {
            PlayLog log = playFor(server.rtmpUrl(), server::stderrTail);
            assertRealTimeAudioAndVideo(log, server::stderrTail);
        }
    }

    @Test
    void playsNginxRtmpRelay() throws Exception {
        NginxRtmpServer nginx = NGINX.get();
        try (FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("cam")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            PlayLog log = playFor(nginx.rtmpUrl("cam"), nginx::errorLogTail);
            assertRealTimeAudioAndVideo(log, nginx::errorLogTail);
        }
    }

    @Test
    void nginxStreamNobodyPublishesTimesOut() throws Exception {
        PlayLog log = new PlayLog();
        RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofSeconds(2));
        // nginx-rtmp answers NetStream.Play.Start and waits for a publisher: play() succeeds, then nothing
        RtmpPlayer player = play(NGINX.get().rtmpUrl("nobody"), options, log);
        long started = System.nanoTime();
        RtmpFailure end = log.awaitEnd();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(Kind.TIMEOUT, end.kind(), end::toString);
        assertEquals("The server 127.0.0.1 accepted the play request for 'nobody' but sent no audio or video"
                + " for 2 s", end.getMessage());
        assertTrue(waited >= 1_900 && waited < 4_000, "ended after " + waited + " ms");
        assertEquals(List.of(), log.media.stream().filter(m -> m.typeId() != RtmpMedia.DATA).toList());
        player.close();
    }

    private static RtmpPlayer play(String url, RtmpClientOptions options, PlayLog log) throws Exception {
        RtmpUrl parsed = RtmpUrl.parse(url);
        return RtmpPlayer.play(VERTX.get(), SocketAddress.inetSocketAddress(parsed.port(), parsed.host()), parsed,
                options, log).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Plays {@code url} for {@link #PLAY_FOR}, then closes; the stream must not end before. */
    private static PlayLog playFor(String url, Supplier<String> serverLog) throws Exception {
        PlayLog log = new PlayLog();
        RtmpPlayer player = play(url, RtmpClientOptions.defaults(), log);
        Thread.sleep(PLAY_FOR.toMillis()); // plays for this long: the rates checked are over real time
        assertEquals(List.of(), log.ends, serverLog);
        player.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(Kind.CLOSED, log.awaitEnd().kind());
        return log;
    }

    private static void assertRealTimeAudioAndVideo(PlayLog log, Supplier<String> serverLog) {
        List<RtmpMedia> video = ofType(log, RtmpMedia.VIDEO);
        List<RtmpMedia> audio = ofType(log, RtmpMedia.AUDIO);
        Supplier<String> summary = () -> video.size() + " video, " + audio.size() + " audio messages; server log:\n"
                + serverLog.get();
        assertTrue(video.size() > 10 && audio.size() > 10, summary);

        // FLV tag bodies: an AVC sequence header (keyframe, packet type 0) and an AAC sequence header come first
        assertEquals(0x17, video.get(0).payload().getUnsignedByte(0), summary);
        assertEquals(0, video.get(0).payload().getUnsignedByte(1), summary);
        assertEquals(0xAF, audio.get(0).payload().getUnsignedByte(0), summary);
        assertEquals(0, audio.get(0).payload().getUnsignedByte(1), summary);

        assertNonDecreasing(video, "video");
        assertNonDecreasing(audio, "audio");
        assertRate(video, VIDEO_FPS, "video");
        assertRate(audio, AUDIO_FPS, "audio");
    }

    private static List<RtmpMedia> ofType(PlayLog log, int typeId) {
        return log.media.stream().filter(m -> m.typeId() == typeId).toList();
    }

    private static void assertNonDecreasing(List<RtmpMedia> media, String kind) {
        for (int i = 1; i < media.size(); i++) {
            long previous = media.get(i - 1).timestamp();
            long current = media.get(i).timestamp();
            assertTrue(current >= previous, kind + " #" + i + " went back from " + previous + " to " + current);
        }
    }

    /**
     * The frames' own clock advances at the source's frame rate (±10 %), and in real time: at least 60 % of the
     * time played is covered, which allows for start-up and the first keyframe.
     */
    private static void assertRate(List<RtmpMedia> media, double expectedFps, String kind) {
        double spanSeconds = (media.get(media.size() - 1).timestamp() - media.get(0).timestamp()) / 1000.0;
        double fps = (media.size() - 1) / spanSeconds;
        String detail = kind + ": " + media.size() + " messages over " + spanSeconds + " s = " + fps + "/s";
        assertTrue(Math.abs(fps - expectedFps) < expectedFps * 0.1, detail);
        assertTrue(spanSeconds > PLAY_FOR.toMillis() / 1000.0 * 0.6, detail);
        assertTrue(spanSeconds < PLAY_FOR.toMillis() / 1000.0 * 1.5, detail);
    }
}
