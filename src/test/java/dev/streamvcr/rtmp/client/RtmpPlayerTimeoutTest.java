package dev.streamvcr.rtmp.client;

import static dev.streamvcr.rtmp.client.ScriptedPlays.STREAM_ID;
import static dev.streamvcr.rtmp.client.ScriptedPlays.answeringPlay;
import static dev.streamvcr.rtmp.client.ScriptedPlays.failure;
import static dev.streamvcr.rtmp.client.ScriptedPlays.play;
import static dev.streamvcr.rtmp.client.ScriptedPlays.result;
import static dev.streamvcr.rtmp.client.ScriptedPlays.sendMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.someMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.soon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.ScriptedRtmpServer.Connection;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import dev.streamvcr.rtmp.message.Acknowledgement;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.UserControlEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The player's clocks against a {@link ScriptedRtmpServer} that goes quiet at each stage: the handshake, connect,
 * play, and the media, also while it keeps the connection busy with pings, acknowledgements and metadata.
 */
class RtmpPlayerTimeoutTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    /**
     * Every 50 ms until the connection closes, what keeps a connection busy without media: a ping, an
     * acknowledgement, a status that ends nothing and, if asked, a metadata message (which would start playing).
     */
    private static void keepTalkingWithoutMedia(Connection connection, boolean metadata) {
        long[] count = {0};
        VERTX.get().setPeriodic(50, timer -> {
            if (connection.isClosed()) {
                VERTX.get().cancelTimer(timer);
                return;
            }
            count[0]++;
            connection.send(2, new UserControlEvent(UserControlEvent.Type.PING_REQUEST, count[0], 0).toMessage());
            connection.send(2, new Acknowledgement(count[0] * 1000).toMessage());
            if (metadata) {
                connection.send(5, new RtmpMessage(MessageType.AMF0_DATA, count[0] * 50, STREAM_ID,
                        Amf0.encodeAll("onMetaData", Map.of("width", 1280.0))));
            }
            connection.status(STREAM_ID, "status", "NetStream.Play.PublishNotify", "still there");
        });
    }

    @Test
    void silenceAfterPlayStartTimesOut() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) ->
                connection.startPlaying()))) {
            PlayLog log = new PlayLog();
            RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofMillis(300));
            result(play(VERTX.get(), server.port(), options, log));
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.TIMEOUT, end.kind());
            assertEquals("The server localhost accepted the play request for 'stream' but sent no audio or video"
                    + " for 300 ms", end.getMessage());
        }
    }

    @Test
    void playStartWithoutMediaTimesOutDespitePingsAndMetadata() throws Exception {
        // nginx-rtmp plays a stream nobody publishes: Play.Start, then no media, only pings
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            keepTalkingWithoutMedia(connection, true);
        }))) {
            PlayLog log = new PlayLog();
            RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofMillis(500));
            result(play(VERTX.get(), server.port(), options, log));
            long started = System.nanoTime();
            RtmpFailure end = log.awaitEnd();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(Kind.TIMEOUT, end.kind());
            assertEquals("The server localhost accepted the play request for 'stream' but sent no audio or video"
                    + " for 500 ms", end.getMessage());
            assertTrue(waited >= 450 && waited < 2_000, "ended after " + waited + " ms");
            assertTrue(log.media.size() >= 3, "metadata kept arriving: " + log.media.size());
            Connection connection = server.connections().get(0);
            assertTrue(connection.messages().contains(UserControlEvent.pingResponse(3).toMessage()), "pings answered");
            soon().until(() -> connection.isClosed());
        }
    }

    @Test
    void mediaStoppingTimesOutDespitePingsAndMetadata() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            sendMedia(connection, someMedia());
            keepTalkingWithoutMedia(connection, true);
        }))) {
            PlayLog log = new PlayLog();
            RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofMillis(500));
            result(play(VERTX.get(), server.port(), options, log));
            RtmpFailure end = log.awaitEnd();
            assertEquals(Kind.TIMEOUT, end.kind());
            assertEquals("No audio or video from localhost for 500 ms", end.getMessage());
            assertTrue(log.media.size() > someMedia().size(), "metadata kept arriving after the media");
        }
    }

    @Test
    void noPlayStartFailsPlayInTimeDespitePings() throws Exception {
        // connect and createStream are answered, play never is; pings keep the connection busy meanwhile
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) ->
                keepTalkingWithoutMedia(connection, false)))) {
            PlayLog log = new PlayLog();
            RtmpClientOptions options = RtmpClientOptions.defaults().withPlayTimeout(Duration.ofMillis(600));
            long started = System.nanoTime();
            RtmpFailure failure = failure(play(VERTX.get(), server.port(), options, log));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(Kind.TIMEOUT, failure.kind());
            assertEquals("The server localhost did not answer the play request within 600 ms (neither"
                    + " NetStream.Play.Start nor media arrived)", failure.getMessage());
            assertTrue(failure.retryable());
            assertTrue(waited >= 550 && waited < 2_000, "failed after " + waited + " ms");
            soon().until(() -> server.connections().get(0).isClosed());
            assertEquals(0, log.ends.size(), "onEnd is never called when play() fails");
        }
    }

    @Test
    void unansweredConnectFailsPlayInTime() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().silentAfterHandshake())) {
            RtmpClientOptions options = RtmpClientOptions.defaults().withPlayTimeout(Duration.ofMillis(300));
            RtmpFailure failure = failure(play(VERTX.get(), server.port(), options, new PlayLog()));
            assertEquals(Kind.TIMEOUT, failure.kind());
            assertEquals("The server localhost did not answer the play request within 300 ms (no reply to connect)",
                    failure.getMessage());
            soon().until(() -> server.connections().get(0).isClosed());
        }
    }

    @Test
    void silentServerFailsTheHandshakeInTime() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().silentHandshake())) {
            RtmpClientOptions options = RtmpClientOptions.defaults().withHandshakeTimeout(Duration.ofMillis(200));
            RtmpFailure failure = failure(play(VERTX.get(), server.port(), options, new PlayLog()));
            assertEquals(Kind.HANDSHAKE_FAILED, failure.kind());
            assertEquals("The server did not complete the RTMP handshake within 200 ms", failure.getMessage());
        }
    }
}
