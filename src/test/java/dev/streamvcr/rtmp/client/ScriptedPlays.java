package dev.streamvcr.rtmp.client;

import dev.streamvcr.peer.ScriptedRtmpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Our client playing a source line against a {@link ScriptedRtmpServer}, for tests of what goes on the wire. */
final class ScriptedPlays {
    static final Duration WAIT = Duration.ofSeconds(10);

    private ScriptedPlays() {
    }

    /** The source line for this server, e.g. {@code line(server, "/live/stream", "live=1")}. */
    static String line(ScriptedRtmpServer server, String path, String options) {
        return ("rtmp://127.0.0.1:" + server.port() + path + " " + options).strip();
    }

    /** Plays {@code line} with {@code base} options; returns the outcome of play(). */
    static Future<RtmpPlayer> play(Vertx vertx, String line, RtmpClientOptions base,
            RtmpPlayerTest.Recorder recorder) {
        RtmpSource source = RtmpSource.parse(line);
        RtmpUrl url = source.url();
        return RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(url.port(), "127.0.0.1"), url,
                source.applyTo(base), recorder);
    }

    /** Plays {@code line} until the server has seen {@code play}, then closes; returns the server's view. */
    static ScriptedRtmpServer.Connection playUntilPlayCommand(Vertx vertx, ScriptedRtmpServer server, String line,
            RtmpClientOptions base) throws Exception {
        int index = server.connections().size();
        Future<RtmpPlayer> player = play(vertx, line, base, new RtmpPlayerTest.Recorder());
        ScriptedRtmpServer.Connection connection = server.awaitConnection(index, WAIT);
        connection.awaitCommand("play", WAIT);
        Thread.sleep(100); // what the client sends right after play (Set Buffer Length)
        try {
            RtmpPlayer playing = player.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            playing.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // play() may fail for scripts that refuse; the server's view is what matters here
        }
        return connection;
    }

    static RtmpFailure failure(Future<?> future) throws Exception {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RtmpFailure failure) {
                return failure;
            }
            throw e;
        }
        throw new AssertionError("play() succeeded, a failure was expected");
    }
}
