package dev.streamvcr.rtmp.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Options whose effect is behaviour rather than a command field (stop, timeout, tlsVerify, reconnect requests) and
 * the server answers a user must understand, against {@link ScriptedRtmpServer} playing a {@link TestCard} clip.
 */
class RtmpOptionsTest {
    private static final RtmpClientOptions RECORDED = RtmpClientOptions.defaults().withLive(false);
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    /** 3 s of test card: video at 30 fps (keyframe every second), AAC audio. */
    private static byte[] clip;

    @BeforeAll
    static void setUp() {
        PeerTools.ensureInstalled();
        clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(3));
    }

    @Test
    void stopEndsCleanlyAtTheStopPosition() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip))) {
            PlayLog log = new PlayLog();
            ScriptedPlays.play(VERTX.get(), ScriptedPlays.line(server, "/vod/clip", "stop=1500"), RECORDED, log);
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.STOP_REACHED, end.kind(), end::toString);
            assertEquals("Reached the stop position (1500 ms) of 'clip'", end.getMessage());
            assertFalse(end.retryable());
            long lastMedia = log.media.stream().filter(m -> m.typeId() != RtmpMedia.DATA)
                    .mapToLong(RtmpMedia::timestamp).max().orElseThrow();
            assertTrue(lastMedia < 1500 && lastMedia > 1400, "last media at " + lastMedia + " ms");
            assertEquals(java.util.List.of("clip", 0.0, 1500.0),
                    server.connections().get(0).awaitCommand("play", ScriptedPlays.WAIT).args());
        }
    }

    @Test
    void timeoutIsTheSilenceBeforeGivingUp() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script())) {
            PlayLog log = new PlayLog();
            long started = System.nanoTime();
            ScriptedPlays.play(VERTX.get(), ScriptedPlays.line(server, "/live/x", "timeout=1"), RECORDED, log);
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.TIMEOUT, end.kind(), end::toString);
            assertTrue(end.getMessage().endsWith("but sent no audio or video for 1 s"), end.getMessage());
            // the default idle timeout is 15 s: ending within 10 s proves the option took effect
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void flashVerAndSwfVfyReachConnect() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script())) {
            ScriptedRtmpServer.Connection connection = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server,
                    ScriptedPlays.line(server, "/live/x", "flashVer=WIN\\2011,1,0,0 swfVfy=http://s.invalid/p.swf"),
                    RECORDED);
            Map<?, ?> object = (Map<?, ?>) connection.awaitCommand("connect", ScriptedPlays.WAIT).commandObject();
            assertEquals("WIN 11,1,0,0", object.get("flashVer"));
            assertEquals("http://s.invalid/p.swf", object.get("swfUrl"));
        }
    }

    @Test
    void reconnectRequestEndsAtTheNextKeyframeWithTheNewTcUrl() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip).reconnectRequest(10, "rtmp://127.0.0.1:1940/other"))) {
            PlayLog log = new PlayLog();
            ScriptedPlays.play(VERTX.get(), ScriptedPlays.line(server, "/live/cam", ""), RECORDED, log);
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.RECONNECT_REQUESTED, end.kind(), end::toString);
            assertEquals("rtmp://127.0.0.1:1940/other", end.reconnectTcUrl());
            assertEquals("The server asked to reconnect to rtmp://127.0.0.1:1940/other/cam (The server is being "
                    + "updated.)", end.getMessage());
            // it kept playing after the request, up to (not including) the next keyframe at 1 s
            long lastVideo = log.media.stream().filter(m -> m.typeId() == RtmpMedia.VIDEO)
                    .mapToLong(RtmpMedia::timestamp).max().orElseThrow();
            assertTrue(lastVideo > 900 && lastVideo < 1000, "last video at " + lastVideo + " ms");
        }
    }

    @Test
    void reconnectRequestWithoutTcUrlOrRelativeStaysOnThisServer() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip).reconnectRequest(0, "/backup"))) {
            PlayLog log = new PlayLog();
            ScriptedPlays.play(VERTX.get(), ScriptedPlays.line(server, "/live/cam", ""), RECORDED, log);
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.RECONNECT_REQUESTED, end.kind(), end::toString);
            assertEquals("rtmp://127.0.0.1:" + server.port() + "/backup", end.reconnectTcUrl());
        }
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip).reconnectRequest(0, null))) {
            PlayLog log = new PlayLog();
            ScriptedPlays.play(VERTX.get(), ScriptedPlays.line(server, "/live/cam", ""), RECORDED, log);
            assertEquals("rtmp://127.0.0.1:" + server.port() + "/live", log.awaitEnd().reconnectTcUrl());
        }
    }

    @Test
    void serverAnswersBecomeReasonsAUserUnderstands() throws Exception {
        assertRefusal(new ScriptedRtmpServer.Script().rejectConnect("NetConnection.Connect.Rejected",
                "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ]"), Kind.REJECTED,
                "The server refused the connection to application 'live': [ AccessManager.Reject ] : [ code=403 "
                        + "need auth; authmod=adobe ] (NetConnection.Connect.Rejected)");
        assertRefusal(new ScriptedRtmpServer.Script().rejectConnect("NetConnection.Connect.InsufficientBW",
                "Not enough bandwidth"), Kind.INSUFFICIENT_BANDWIDTH, "The server refused the connection to "
                + "application 'live': Not enough bandwidth (NetConnection.Connect.InsufficientBW)");
        assertRefusal(new ScriptedRtmpServer.Script().playStatus("NetStream.Play.StreamNotFound", "no such"),
                Kind.STREAM_NOT_FOUND, "The server has no stream named 'cam' (NetStream.Play.StreamNotFound)");
        assertRefusal(new ScriptedRtmpServer.Script().playStatus("NetStream.Play.Failed", "Decoder busy"),
                Kind.REJECTED, "The server could not play 'cam': Decoder busy (NetStream.Play.Failed)");
        assertRefusal(new ScriptedRtmpServer.Script().playStatus("NetStream.Play.InsufficientBW", "Too slow"),
                Kind.INSUFFICIENT_BANDWIDTH, "The server reports too little bandwidth for 'cam': Too slow "
                        + "(NetStream.Play.InsufficientBW)");
    }

    @Test
    void rtmpsChecksCertificatesUnlessTheSourceOptsOut() throws Exception {
        NetServerOptions tls = new NetServerOptions().setSsl(true)
                .setKeyCertOptions(LocalhostCertificate.selfSigned());
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip), tls)) {
            String url = "rtmps://localhost:" + server.port() + "/live/cam";
            RtmpFailure refused = ScriptedPlays.failure(ScriptedPlays.play(VERTX.get(), url, RECORDED, new PlayLog()));
            assertEquals(Kind.TLS_FAILED, refused.kind(), refused::toString);
            assertTrue(refused.getMessage().startsWith("TLS with localhost:" + server.port() + " failed: "),
                    refused.getMessage());

            PlayLog log = new PlayLog();
            RtmpPlayer player = ScriptedPlays.play(VERTX.get(), url + " tlsVerify=0", RECORDED, log)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(ScriptedPlays.WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> assertTrue(
                    log.media.stream().anyMatch(m -> m.typeId() == RtmpMedia.VIDEO), "video over rtmps"));
            player.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertRefusal(ScriptedRtmpServer.Script script, Kind kind, String message)
            throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script)) {
            RtmpFailure failure = ScriptedPlays.failure(ScriptedPlays.play(VERTX.get(),
                    ScriptedPlays.line(server, "/live/cam", ""), RECORDED, new PlayLog()));
            assertEquals(kind, failure.kind(), failure::toString);
            assertEquals(message, failure.getMessage());
        }
    }
}
