package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.ScriptedRtmpServer.Connection;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SWF verification on the wire against a scripted server that signs the digest handshake as a Flash Media Server
 * and sends User Control 26 right after the connect {@code _result}: which handshake the client chooses, and the
 * event 27 it answers with, checked against an HMAC computed here from the server's S1.
 */
class SwfVerificationPlayTest {
    private static final RtmpClientOptions RECORDED = RtmpClientOptions.defaults().withLive(false);
    private static final int SIZE = 300_000;

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static byte[] hash;

    @BeforeAll
    static void setUp() {
        hash = new byte[32];
        new Random(5).nextBytes(hash);
    }

    private static ScriptedRtmpServer.Script verifyingServer() {
        return new ScriptedRtmpServer.Script().digestHandshake(11).swfVerificationRequest();
    }

    /** Event 27's data as librtmp builds it: type 1 1, the size twice, HMAC-SHA256(S1's last 32 bytes, hash). */
    static byte[] expectedAnswer(byte[] s1, byte[] swfHash, int size) {
        byte[] key = Arrays.copyOfRange(s1, 1536 - 32, 1536);
        return ByteBuffer.allocate(42).put((byte) 1).put((byte) 1).putInt(size).putInt(size)
                .put(FlashHandshakeReferee.hmac(key, swfHash)).array();
    }

    @Test
    void swfHashBringsTheDigestHandshakeAndTheAnswer() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), verifyingServer())) {
            Connection connection = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server, ScriptedPlays.line(server,
                    "/vod/x", "swfhash=" + HexFormat.of().formatHex(hash) + " swfsize=" + SIZE), RECORDED);
            assertTrue(connection.clientDidDigestHandshake(), "C1 signed with the player key, C2 for our S1");
            List<byte[]> answers = connection.swfVerificationAnswers();
            assertEquals(1, answers.size());
            assertArrayEquals(expectedAnswer(connection.s1(), hash, SIZE), answers.get(0));
        }
    }

    @Test
    void withoutSwfVerificationTheHandshakeStaysSimple() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), verifyingServer())) {
            Connection connection = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server,
                    ScriptedPlays.line(server, "/vod/x", "swfUrl=http://s.invalid/p.swf"), RECORDED);
            assertFalse(connection.clientSignedC1(), "a plain C1, as RTMP spec 5.2.3 has it");
            assertEquals(List.of(), connection.swfVerificationAnswers(), "nothing to answer with: left unanswered");
            assertTrue(connection.command("play").isPresent(), "the request does not stop the play");
        }
    }

    @Test
    void swfVfyWithoutAComputedHashHandshakesButCannotAnswer() throws Exception {
        // the client makes no HTTP requests: the application puts the hash of swfVfy's SWF into the options
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), verifyingServer())) {
            Connection connection = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server,
                    ScriptedPlays.line(server, "/vod/x", "swfVfy=http://s.invalid/p.swf"), RECORDED);
            assertTrue(connection.clientDidDigestHandshake());
            assertEquals(List.of(), connection.swfVerificationAnswers());
        }
    }

    @Test
    void aServerRefusingTheSimpleHandshakeNeedsDigestHandshakeOne() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                verifyingServer().refuseSimpleHandshake())) {
            RtmpFailure failure = ScriptedPlays.failure(ScriptedPlays.play(VERTX.get(),
                    ScriptedPlays.line(server, "/vod/x", ""), RECORDED, new PlayLog()));
            assertEquals(Kind.HANDSHAKE_FAILED, failure.kind(), failure::toString);
            assertEquals("The server closed the connection during the RTMP handshake (if it needs the Flash Player 9"
                    + " handshake, add digestHandshake=1 to the source)", failure.getMessage());
            assertEquals(1, server.connections().size(), "no silent second try");

            Connection forced = ScriptedPlays.playUntilPlayCommand(VERTX.get(), server,
                    ScriptedPlays.line(server, "/vod/x", "digestHandshake=1"), RECORDED);
            assertTrue(forced.clientDidDigestHandshake());
            assertEquals(List.of(), forced.swfVerificationAnswers(), "no SWF hash, no answer");
        }
    }
}
