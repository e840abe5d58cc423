package dev.streamvcr.rtmp.swf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.handshake.ClientHandshake;
import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rtmpdump 2.4 as the reference: it downloads a generated CWS player from a local HTTP server with {@code --swfVfy},
 * caches its hash and size in {@code $HOME/.swfinfo}, then plays from a scripted RTMP server that does the server
 * side of the digest handshake and asks for SWF verification (User Control 26). Our hash, size and 42-byte answer
 * must equal what rtmpdump computed and sent.
 */
class SwfVerificationPeerTest {
    private static final byte[] VERIFICATION_REQUEST = {0, 26, 1, 0, 0, 0};

    @TempDir
    Path home;

    /** What the scripted server saw: the client's C1 and C2, the S1 it sent, and the client's event 27 payload. */
    private record Capture(byte[] c1, byte[] s1, byte[] c2, byte[] verificationEvent) {
    }

    @Test
    void hashSizeAndResponseEqualRtmpdumps() throws Exception {
        PeerTools.ensureInstalled();
        byte[] cws = TestSwf.cws(TestSwf.fws(42, 300_000));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/player.swf", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/x-shockwave-flash");
            exchange.getResponseHeaders().add("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT");
            exchange.sendResponseHeaders(200, cws.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(cws);
            }
        });
        ExecutorService serverThread = Executors.newSingleThreadExecutor();
        try (ServerSocket rtmp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            http.start();
            Future<Capture> capture = serverThread.submit(() -> serveOnce(rtmp));
            String swfUrl = "http://127.0.0.1:" + http.getAddress().getPort() + "/player.swf";
            ToolRun run = ToolRun.execute(Duration.ofSeconds(60), List.of("env", "HOME=" + home,
                    PeerTools.RTMPDUMP.toString(), "-r", "rtmp://127.0.0.1:" + rtmp.getLocalPort() + "/app/stream",
                    "--swfVfy", swfUrl, "-m", "20", "-o", home.resolve("out.flv").toString()));
            Capture seen = capture.get(30, TimeUnit.SECONDS);

            List<String> swfinfo = Files.readAllLines(home.resolve(".swfinfo"));
            String theirHash = field(swfinfo, "hash: ");
            int theirSize = Integer.parseInt(field(swfinfo, "size: "), 16);
            SwfHash ours = SwfHash.of(cws);
            assertEquals(theirHash, ours.hex(), () -> "rtmpdump's .swfinfo: " + swfinfo + "\n" + run.stderr());
            assertEquals(theirSize, ours.size());
            assertEquals(300_000, ours.size());

            assertEquals(FlashHandshakeReferee.offset(seen.c1(), FlashHandshakeReferee.FIRST_BLOCK),
                    FlashHandshakeReferee.clientDigestOffset(seen.c1()).orElseThrow(),
                    "rtmpdump signs C1 at the first-block offset, as ClientHandshake.digest() does");
            int serverDigest = FlashHandshakeReferee.serverDigestOffset(seen.s1()).orElseThrow();
            assertTrue(FlashHandshakeReferee.c2Verifies(seen.c2(), seen.s1(), serverDigest),
                    "the test's server side agrees with rtmpdump's C2 signature");

            ClientHandshake handshake = ClientHandshake.digest();
            handshake.feed(Unpooled.buffer().writeByte(3).writeBytes(seen.s1()));
            byte[] key = handshake.swfVerificationKey().orElseThrow();
            assertArrayEquals(seen.verificationEvent(), SwfVerification.responseMessage(ours, key).payload(),
                    () -> "rtmpdump answered " + HexFormat.of().formatHex(seen.verificationEvent()));
        } finally {
            http.stop(0);
            serverThread.shutdownNow();
        }
    }

    private static String field(List<String> swfinfo, String prefix) {
        return swfinfo.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in .swfinfo: " + swfinfo));
    }

    /** Serves one client: the server's half of the digest handshake, the request, then waits for event 27. */
    private static Capture serveOnce(ServerSocket listener) throws IOException {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout(20_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] c0c1 = new byte[1537];
            in.readFully(c0c1);
            byte[] c1 = Arrays.copyOfRange(c0c1, 1, 1537);
            int clientDigest = FlashHandshakeReferee.clientDigestOffset(c1)
                    .orElseThrow(() -> new AssertionError("rtmpdump's C1 has no player digest"));
            Random random = new Random(7);
            byte[] s1 = FlashHandshakeReferee.signedS1(random, FlashHandshakeReferee.SECOND_BLOCK);
            out.write(3);
            out.write(s1);
            out.write(FlashHandshakeReferee.signedS2(random, c1, clientDigest));
            out.flush();
            byte[] c2 = new byte[1536];
            in.readFully(c2);

            ByteBuf request = Unpooled.buffer();
            new ChunkEncoder().encode(2, new RtmpMessage(MessageType.USER_CONTROL, 0, 0, VERIFICATION_REQUEST), request);
            out.write(request.array(), request.arrayOffset() + request.readerIndex(), request.readableBytes());
            out.flush();

            // librtmp opens chunk stream 2 with a type 1 header (it never sent a type 0 there), which the strict
            // production decoder refuses; so the answer is found by its header: type 1 on chunk stream 2 (0x42),
            // any timestamp delta, length 44, User Control (4), event 27.
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
                byte[] all = received.toByteArray();
                for (int i = 0; i + 8 + 44 <= all.length; i++) {
                    if (all[i] == 0x42 && all[i + 4] == 0 && all[i + 5] == 0 && all[i + 6] == 44 && all[i + 7] == 4
                            && all[i + 8] == 0 && all[i + 9] == 27) {
                        return new Capture(c1, s1, c2, Arrays.copyOfRange(all, i + 8, i + 8 + 44));
                    }
                }
            }
            throw new AssertionError("rtmpdump closed the connection without answering the verification request");
        }
    }
}
