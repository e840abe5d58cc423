package dev.streamvcr.recording;

import com.sun.net.httpserver.HttpServer;
import dev.streamvcr.outbound.HostCheck;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.rtmp.client.RtmpClientOptions;
import dev.streamvcr.rtmp.client.RtmpFailure;
import dev.streamvcr.rtmp.client.RtmpMedia;
import dev.streamvcr.rtmp.client.RtmpPlayListener;
import dev.streamvcr.rtmp.client.RtmpPlayer;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import dev.streamvcr.rtmp.swf.SwfHashCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder's side of {@code swfVfy}: the player SWF is downloaded through the outbound check, hashed, cached on
 * disk, and its hash reaches the client, whose answer to a SWF verification request is then checked against an HMAC
 * computed here from the served file and the server's S1.
 */
class PlayerSwfsTest {
    private static final int SWF_LENGTH = 5000;
    /** What the outbound policy does with loopback allowed: other hosts are refused. */
    private static final HostCheck LOOPBACK_ONLY = host -> {
        if (!host.equals("127.0.0.1")) {
            throw new OutboundPolicy.Refused("Connections to " + host + " are not allowed.");
        }
        return InetAddress.getLoopbackAddress();
    };

    @TempDir
    Path data;

    private Vertx vertx;
    private HttpServer http;
    private final AtomicInteger downloads = new AtomicInteger();
    private final byte[] swf = fws(SWF_LENGTH);

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/player.swf", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, swf.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(swf);
            }
        });
        http.createContext("/moved", exchange -> {
            int hop = Integer.parseInt(exchange.getRequestURI().getQuery());
            exchange.getResponseHeaders().add("Location", hop == 0 ? "/player.swf" : "/moved?" + (hop - 1));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        http.createContext("/huge.swf", exchange -> {
            exchange.sendResponseHeaders(200, PlayerSwfDownload.MAX_BYTES + 1L);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        http.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theServedSwfsHashAnswersTheRequestAndIsDownloadedOnce() throws Exception {
        PlayerSwfs swfs = swfs(LOOPBACK_ONLY);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(vertx, new ScriptedRtmpServer.Script()
                .digestHandshake(3).swfVerificationRequest())) {
            RtmpSource source = RtmpSource.parse("rtmp://127.0.0.1:" + server.port() + "/vod/x swfVfy="
                    + url("/player.swf"));
            for (int play = 0; play < 2; play++) {
                RtmpClientOptions options = await(swfs.withSwfHash(source.applyTo(RtmpClientOptions.defaults()
                        .withLive(false))));
                ScriptedRtmpServer.Connection connection = playUntilPlay(server, source, options, play);
                assertTrue(connection.clientDidDigestHandshake());
                assertEquals(1, connection.swfVerificationAnswers().size());
                assertArrayEquals(expectedAnswer(connection.s1(), swf), connection.swfVerificationAnswers().get(0),
                        "play " + (play + 1));
            }
        }
        assertEquals(1, downloads.get(), "the second play used the cache");
        assertTrue(Files.readString(data.resolve(PlayerSwfs.DIRECTORY).resolve(SwfHashCache.FILE_NAME))
                .contains(url("/player.swf")));
    }

    @Test
    void redirectsAreFollowedUpToFive() throws Exception {
        PlayerSwfs swfs = swfs(LOOPBACK_ONLY);
        RtmpClientOptions options = await(swfs.withSwfHash(verifying(url("/moved?4"))));
        assertArrayEquals(hmacOf(swf), options.swfHash());
        assertEquals(SWF_LENGTH, options.swfSize());
        assertEquals("Could not verify the player SWF at " + url("/moved?5") + ": more than 5 redirects",
                failure(swfs.withSwfHash(verifying(url("/moved?5")))));
    }

    @Test
    void failuresSayWhichSwfAndWhy() throws Exception {
        PlayerSwfs open = swfs(LOOPBACK_ONLY);
        assertEquals("Could not verify the player SWF at " + url("/missing.swf") + ": the server answered 404 Not"
                + " Found", failure(open.withSwfHash(verifying(url("/missing.swf")))));
        assertEquals("Could not verify the player SWF at " + url("/huge.swf") + ": it is larger than 16 MiB, more"
                + " than any player SWF", failure(open.withSwfHash(verifying(url("/huge.swf")))));
        assertEquals("Could not verify the player SWF at ftp://127.0.0.1/p.swf: only http:// and https:// addresses"
                + " can be downloaded", failure(open.withSwfHash(verifying("ftp://127.0.0.1/p.swf"))));

        PlayerSwfs closed = swfs(host -> {
            throw new OutboundPolicy.Refused("Connections to " + host + " are not allowed.");
        });
        assertEquals("Could not verify the player SWF at " + url("/player.swf") + ": Connections to 127.0.0.1 are"
                + " not allowed.", failure(closed.withSwfHash(verifying(url("/player.swf")))));
        assertEquals(0, downloads.get(), "a refused host is never contacted");
    }

    @Test
    void aSourcesOwnHashIsUsedWithoutADownload() throws Exception {
        RtmpClientOptions given = verifying(url("/player.swf")).withSwfHash(new byte[32]).withSwfSize(100);
        assertSame(given, await(swfs(LOOPBACK_ONLY).withSwfHash(given)));
        RtmpClientOptions plain = RtmpClientOptions.defaults();
        assertSame(plain, await(swfs(LOOPBACK_ONLY).withSwfHash(plain)));
        assertEquals(0, downloads.get());
    }

    private PlayerSwfs swfs(HostCheck hosts) {
        return new PlayerSwfs(data.resolve(PlayerSwfs.DIRECTORY), new PlayerSwfDownload(new OutboundHttpClient(vertx, hosts, 4)),
                task -> vertx.executeBlocking(() -> {
                    task.run();
                    return null;
                }, false));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private static RtmpClientOptions verifying(String swfUrl) {
        return RtmpClientOptions.defaults().withSwfVerifyUrl(swfUrl);
    }

    private ScriptedRtmpServer.Connection playUntilPlay(ScriptedRtmpServer server, RtmpSource source,
            RtmpClientOptions options, int index) throws Exception {
        RtmpPlayer player = await(RtmpPlayer.play(vertx, SocketAddress.inetSocketAddress(server.port(), "127.0.0.1"),
                source.url(), options, new RtmpPlayListener() {
                    @Override
                    public void onMedia(RtmpMedia media) {
                    }

                    @Override
                    public void onEnd(RtmpFailure reason) {
                    }
                }));
        ScriptedRtmpServer.Connection connection = server.awaitConnection(index, Duration.ofSeconds(10));
        connection.awaitCommand("play", Duration.ofSeconds(10));
        await(player.close());
        return connection;
    }

    /** Event 27's data for an uncompressed SWF: 1 1, the size twice, HMAC(S1's last 32 bytes, the file's hash). */
    static byte[] expectedAnswer(byte[] s1, byte[] fws) {
        byte[] key = Arrays.copyOfRange(s1, 1504, 1536);
        return ByteBuffer.allocate(42).put((byte) 1).put((byte) 1).putInt(fws.length).putInt(fws.length)
                .put(FlashHandshakeReferee.hmac(key, hmacOf(fws))).array();
    }

    /** The SWF verification hash of an uncompressed SWF, computed here: HMAC-SHA256 of the whole file. */
    private static byte[] hmacOf(byte[] fws) {
        return FlashHandshakeReferee.hmac("Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII), fws);
    }

    /** An uncompressed SWF: "FWS", version 10, the length little-endian, then random bytes. */
    static byte[] fws(int length) {
        byte[] file = new byte[length];
        new Random(17).nextBytes(file);
        file[0] = 'F';
        file[1] = 'W';
        file[2] = 'S';
        file[3] = 10;
        ByteBuffer.wrap(file, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(length);
        return file;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static String failure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
        throw new AssertionError("expected a failure");
    }
}
