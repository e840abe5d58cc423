package dev.streamvcr.rtmp.client;

import static dev.streamvcr.rtmp.client.ScriptedPlays.STREAM_ID;
import static dev.streamvcr.rtmp.client.ScriptedPlays.answeringPlay;
import static dev.streamvcr.rtmp.client.ScriptedPlays.failure;
import static dev.streamvcr.rtmp.client.ScriptedPlays.play;
import static dev.streamvcr.rtmp.client.ScriptedPlays.result;
import static dev.streamvcr.rtmp.client.ScriptedPlays.soon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What keeps a play from starting, each with the reason a user reads: a closed port, an RTMPE server, a refused
 * connect, a missing stream, and an rtmps certificate that does not name the URL's host.
 */
class RtmpPlayerConnectTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    @Test
    void closedPortFailsToConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RtmpFailure failure = failure(play(VERTX.get(), port, new PlayLog()));
        assertEquals(Kind.CONNECT_FAILED, failure.kind());
        assertEquals("Could not connect to localhost:" + port + ": the connection was refused", failure.getMessage());
        assertTrue(failure.retryable());
    }

    @Test
    void wrongHandshakeVersionFails() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().handshakeVersion(6))) {
            RtmpFailure failure = failure(play(VERTX.get(), server.port(), new PlayLog()));
            assertEquals(Kind.HANDSHAKE_FAILED, failure.kind());
            assertEquals("RTMP handshake: the server answered version 6, expected 3 (6 is RTMPE, encrypted RTMP,"
                    + " which is not supported)", failure.getMessage());
        }
    }

    @Test
    void connectErrorIsRejectedWithTheServersDescription() throws Exception {
        ScriptedRtmpServer.Script script = new ScriptedRtmpServer.Script()
                .rejectConnect("NetConnection.Connect.Rejected", "Invalid token");
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script)) {
            RtmpFailure failure = failure(play(VERTX.get(), server.port(), new PlayLog()));
            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals("The server refused the connection to application 'live': Invalid token"
                    + " (NetConnection.Connect.Rejected)", failure.getMessage());
        }
    }

    @Test
    void streamNotFoundFailsPlay() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) ->
                connection.status(STREAM_ID, "error", "NetStream.Play.StreamNotFound", "No such stream")))) {
            PlayLog log = new PlayLog();
            RtmpFailure failure = failure(play(VERTX.get(), server.port(), log));
            assertEquals(Kind.STREAM_NOT_FOUND, failure.kind());
            assertEquals("The server has no stream named 'stream' (NetStream.Play.StreamNotFound)",
                    failure.getMessage());
            soon().alias("onEnd is never called when play() fails").during(Duration.ofMillis(100))
                    .until(log.ends::isEmpty);
        }
    }

    @Test
    void rtmpsChecksTheCertificateAgainstTheUrlHost() throws Exception {
        PfxOptions keyStore = LocalhostCertificate.selfSigned();
        NetServerOptions tls = new NetServerOptions().setSsl(true).setKeyCertOptions(keyStore);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) ->
                connection.startPlaying()), tls)) {
            RtmpClientOptions options = RtmpClientOptions.defaults().withTrustOptions(keyStore);
            SocketAddress address = SocketAddress.inetSocketAddress(server.port(), "127.0.0.1");
            // the address is an IP; the certificate names localhost, which only the URL's host carries
            RtmpUrl good = RtmpUrl.parse("rtmps://localhost:" + server.port() + "/live/stream");
            PlayLog log = new PlayLog();
            RtmpPlayer player = result(RtmpPlayer.play(VERTX.get(), address, good, options, log));
            result(player.close());

            RtmpUrl other = RtmpUrl.parse("rtmps://other.example:" + server.port() + "/live/stream");
            RtmpFailure failure = failure(RtmpPlayer.play(VERTX.get(), address, other, options, new PlayLog()));
            assertEquals(Kind.TLS_FAILED, failure.kind());
            assertTrue(failure.getMessage().startsWith("TLS with other.example:" + server.port() + " failed: "),
                    failure.getMessage());
        }
    }
}
