package dev.streamvcr.rtmp.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.UserControlEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.awaitility.core.ConditionFactory;

/** Our client playing against a {@link ScriptedRtmpServer}, for tests of what goes on the wire. */
final class ScriptedPlays {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int STREAM_ID = ScriptedRtmpServer.STREAM_ID;

    private ScriptedPlays() {
    }

    /**
     * Awaitility as these tests wait for the client or the server: up to 5 s, looking every 10 ms (on loopback
     * both answer within milliseconds).
     */
    static ConditionFactory soon() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10));
    }

    /** The source line for this server, e.g. {@code line(server, "/live/stream", "live=1")}. */
    static String line(ScriptedRtmpServer server, String path, String options) {
        return ("rtmp://127.0.0.1:" + server.port() + path + " " + options).strip();
    }

    /** Plays {@code line} with {@code base} options; returns the outcome of play(). */
    static Future<RtmpPlayer> play(Vertx vertx, String line, RtmpClientOptions base, PlayLog log) {
        RtmpSource source = RtmpSource.parse(line);
        RtmpUrl url = source.url();
        return RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(url.port(), "127.0.0.1"), url,
                source.applyTo(base), log);
    }

    /** A server that answers connect and createStream as nginx-rtmp does, and play with whatever {@code onPlay} does. */
    static ScriptedRtmpServer.Script answeringPlay(BiConsumer<ScriptedRtmpServer.Connection, Command> onPlay) {
        return new ScriptedRtmpServer.Script().onPlay(onPlay);
    }

    static Future<RtmpPlayer> play(Vertx vertx, int port, RtmpPlayListener listener) {
        return play(vertx, port, RtmpClientOptions.defaults(), listener);
    }

    /** Plays {@code rtmp://localhost:<port>/live/stream}, connecting to 127.0.0.1; returns the outcome of play(). */
    static Future<RtmpPlayer> play(Vertx vertx, int port, RtmpClientOptions options, RtmpPlayListener listener) {
        RtmpUrl url = RtmpUrl.parse("rtmp://localhost:" + port + "/live/stream");
        return RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(port, "127.0.0.1"), url, options, listener);
    }

    /**
     * Plays {@code line} until the server has seen {@code play} and the Set Buffer Length the client sends right
     * after it, then closes; returns the server's view.
     */
    static ScriptedRtmpServer.Connection playUntilPlayCommand(Vertx vertx, ScriptedRtmpServer server, String line,
            RtmpClientOptions base) throws Exception {
        int index = server.connections().size();
        Future<RtmpPlayer> player = play(vertx, line, base, new PlayLog());
        ScriptedRtmpServer.Connection connection = server.awaitConnection(index, WAIT);
        connection.awaitCommand("play", WAIT);
        await("Set Buffer Length after play").atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> connection.decoded(UserControlEvent.class).stream().anyMatch(event -> event.type()
                        == UserControlEvent.Type.SET_BUFFER_LENGTH && event.value() == STREAM_ID));
        try {
            RtmpPlayer playing = result(player);
            playing.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // play() may fail for scripts that refuse; the server's view is what matters here
        }
        return connection;
    }

    /** The outcome of {@code future}, waiting up to 10 s for it. */
    static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static RtmpFailure failure(Future<?> future) throws Exception {
        try {
            result(future);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RtmpFailure failure) {
                return failure;
            }
            throw e;
        }
        throw new AssertionError("play() succeeded, a failure was expected");
    }

    /** Metadata, then 20 audio and video messages of varied sizes (every fifth 9000 bytes) near the 24-bit wrap. */
    static List<RtmpMessage> someMedia() {
        List<RtmpMessage> media = new ArrayList<>();
        media.add(new RtmpMessage(MessageType.AMF0_DATA, 0, STREAM_ID,
                Amf0.encodeAll("onMetaData", Map.of("width", 1280.0))));
        for (int i = 0; i < 20; i++) {
            byte[] frame = new byte[i % 5 == 0 ? 9000 : 300 + i];
            frame[0] = (byte) i;
            frame[frame.length - 1] = (byte) (i * 7);
            media.add(new RtmpMessage(i % 2 == 0 ? MessageType.VIDEO : MessageType.AUDIO, 0xFFFFF0L + i * 20L,
                    STREAM_ID, frame));
        }
        return media;
    }

    static void sendMedia(ScriptedRtmpServer.Connection connection, List<RtmpMessage> media) {
        media.forEach(connection::sendMedia);
    }

    static void assertSameMedia(List<RtmpMessage> expected, List<RtmpMedia> actual) {
        assertEquals(expected.size(), actual.size(), "media count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).typeId(), actual.get(i).typeId(), "type of #" + i);
            assertEquals(expected.get(i).timestamp(), actual.get(i).timestamp(), "timestamp of #" + i);
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload().getBytes(), "payload of #" + i);
        }
    }
}
