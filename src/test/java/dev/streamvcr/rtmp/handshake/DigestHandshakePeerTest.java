package dev.streamvcr.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.ConnectParams;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * nginx-rtmp answers a C1 with a non-zero version and a valid player digest with a signed S1 and S2; these tests
 * run our handshake against it over a raw socket, then check nginx accepts {@code connect} on the connection.
 */
class DigestHandshakePeerTest {
    private static final int HANDSHAKE_BYTES = 1 + 2 * 1536;

    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    @Test
    void nginxSignsS1AndS2ForOurDigestC1() throws Exception {
        ClientHandshake handshake = ClientHandshake.digest();
        Exchange exchange = connect(handshake);

        assertTrue(exchange.connectResult.isResult(), () -> "connect answered " + exchange.connectResult);
        assertTrue(handshake.usesDigest(), "nginx answered with the digest handshake");
        byte[] c1 = Arrays.copyOfRange(handshake.c0c1(), 1, 1537);
        byte[] s1 = Arrays.copyOfRange(exchange.serverBytes, 1, 1537);
        byte[] s2 = Arrays.copyOfRange(exchange.serverBytes, 1537, HANDSHAKE_BYTES);
        assertTrue(s1[4] != 0, "S1 announces a server version");
        assertTrue(FlashHandshakeReferee.serverDigestOffset(s1).isPresent(), "S1 carries a server digest");
        int clientDigest = FlashHandshakeReferee.clientDigestOffset(c1).orElseThrow();
        assertTrue(FlashHandshakeReferee.s2Verifies(s2, c1, clientDigest), "S2 is signed for our digest");
        assertArrayEquals(Arrays.copyOfRange(s1, 1504, 1536), handshake.swfVerificationKey().orElseThrow());
    }

    @Test
    void nginxAnswersASimpleC1WithoutSignatures() throws Exception {
        ClientHandshake handshake = ClientHandshake.simple();
        Exchange exchange = connect(handshake);

        assertTrue(exchange.connectResult.isResult(), () -> "connect answered " + exchange.connectResult);
        assertFalse(handshake.usesDigest());
        byte[] s1 = Arrays.copyOfRange(exchange.serverBytes, 1, 1537);
        assertFalse(FlashHandshakeReferee.serverDigestOffset(s1).isPresent(),
                "without a digest C1 nginx does not sign S1, so the signed S1 above is our C1's doing");
    }

    private record Exchange(byte[] serverBytes, Command connectResult) {
    }

    /** Handshakes with {@code handshake}, sends {@code connect} and waits for its answer. */
    private static Exchange connect(ClientHandshake handshake) throws Exception {
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        NetClient client = VERTX.get().createNetClient();
        NetSocket socket = client.connect(NGINX.get().rtmpPort(), "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        try {
            ByteArrayOutputStream serverBytes = new ByteArrayOutputStream();
            ByteBuf input = Unpooled.buffer();
            ChunkDecoder decoder = new ChunkDecoder();
            socket.handler(data -> {
                try {
                    byte[] bytes = data.getBytes();
                    serverBytes.write(bytes, 0, Math.min(bytes.length, HANDSHAKE_BYTES - serverBytes.size()));
                    input.writeBytes(bytes);
                    if (!handshake.isDone()) {
                        byte[] c2 = handshake.feed(input);
                        if (c2 != null) {
                            socket.write(Buffer.buffer(c2));
                        }
                        if (!handshake.isDone()) {
                            return;
                        }
                        String tcUrl = "rtmp://127.0.0.1:" + NGINX.get().rtmpPort() + "/live";
                        ByteBuf out = Unpooled.buffer();
                        new ChunkEncoder().encode(3, Command.connect(
                                new ConnectParams("live", tcUrl, "LNX 10,0,45,2", null, null)).toMessage(0), out);
                        socket.write(Buffer.buffer(out));
                    }
                    for (RtmpMessage m; (m = decoder.decode(input)) != null; ) {
                        if (m.typeId() == MessageType.AMF0_COMMAND.id()) {
                            done.complete(new Exchange(serverBytes.toByteArray(), Command.from(m)));
                        }
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            socket.closeHandler(v -> done.completeExceptionally(new AssertionError(
                    "nginx closed the connection:\n" + NGINX.get().errorLogTail())));
            socket.write(Buffer.buffer(handshake.c0c1()));
            return done.get(10, TimeUnit.SECONDS);
        } finally {
            socket.close();
            client.close();
        }
    }
}
