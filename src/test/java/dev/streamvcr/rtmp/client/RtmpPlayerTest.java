package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.ScriptedRtmpServer.Connection;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import dev.streamvcr.rtmp.message.Acknowledgement;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetChunkSize;
import dev.streamvcr.rtmp.message.SetPeerBandwidth;
import dev.streamvcr.rtmp.message.UserControlEvent;
import dev.streamvcr.rtmp.message.WindowAckSize;
import io.vertx.core.Future;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RtmpPlayerTest {
    private static final int STREAM_ID = 1;
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    /** Records listener calls; can act on each media message. */
    static final class Recorder implements RtmpPlayListener {
        final List<RtmpMedia> media = new CopyOnWriteArrayList<>();
        final List<RtmpFailure> ends = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Consumer<RtmpMedia> onEach = m -> { };

        @Override
        public void onMedia(RtmpMedia m) {
            media.add(m);
            onEach.accept(m);
        }

        @Override
        public void onEnd(RtmpFailure reason) {
            ends.add(reason);
            ended.countDown();
        }

        RtmpFailure awaitEnd() throws InterruptedException {
            assertTrue(ended.await(10, TimeUnit.SECONDS), "onEnd was not called");
            return ends.get(0);
        }
    }

    /** A server that answers connect and createStream as nginx-rtmp does, and play with whatever {@code onPlay} does. */
    static ScriptedRtmpServer.Script server(BiConsumer<Connection, Command> onPlay) {
        return new ScriptedRtmpServer.Script().onPlay(onPlay);
    }

    static void playStart(Connection connection) {
        connection.startPlaying();
    }

    static List<RtmpMessage> someMedia() {
        List<RtmpMessage> media = new ArrayList<>();
        media.add(new RtmpMessage(MessageType.AMF0_DATA, 0, STREAM_ID,
                dev.streamvcr.rtmp.amf.Amf0.encodeAll("onMetaData", Map.of("width", 1280.0))));
        for (int i = 0; i < 20; i++) {
            byte[] frame = new byte[i % 5 == 0 ? 9000 : 300 + i];
            frame[0] = (byte) i;
            frame[frame.length - 1] = (byte) (i * 7);
            media.add(new RtmpMessage(i % 2 == 0 ? MessageType.VIDEO : MessageType.AUDIO, 0xFFFFF0L + i * 20L,
                    STREAM_ID, frame));
        }
        return media;
    }

    static void sendMedia(Connection connection, List<RtmpMessage> media) {
        media.forEach(connection::sendMedia);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static RtmpFailure awaitFailure(Future<?> future) throws Exception {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(RtmpFailure.class, e.getCause());
        }
        return fail("play() should have failed");
    }

    private static Future<RtmpPlayer> play(int port, RtmpClientOptions options, RtmpPlayListener listener) {
        RtmpUrl url = RtmpUrl.parse("rtmp://localhost:" + port + "/live/stream");
        return RtmpPlayer.play(VERTX.get(), SocketAddress.inetSocketAddress(port, "127.0.0.1"), url, options, listener);
    }

    private static Future<RtmpPlayer> play(int port, RtmpPlayListener listener) {
        return play(port, RtmpClientOptions.defaults(), listener);
    }

    private static void assertSameMedia(List<RtmpMessage> expected, List<RtmpMedia> actual) {
        assertEquals(expected.size(), actual.size(), "media count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).typeId(), actual.get(i).typeId(), "type of #" + i);
            assertEquals(expected.get(i).timestamp(), actual.get(i).timestamp(), "timestamp of #" + i);
            assertArrayEquals(expected.get(i).payload(), actual.get(i).payload().getBytes(), "payload of #" + i);
        }
    }

    @Test
    void playsMediaInOrderUntilUnpublishAndAnswersPings() throws Exception {
        List<RtmpMessage> media = someMedia();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            connection.send(2, new WindowAckSize(10_000).toMessage());
            connection.send(2, new UserControlEvent(UserControlEvent.Type.PING_REQUEST, 123456, 0).toMessage());
            sendMedia(connection, media);
            connection.status(STREAM_ID, "status", "NetStream.Play.UnpublishNotify", "stream is now unpublished");
        }))) {
            Recorder recorder = new Recorder();
            RtmpPlayer player = await(play(server.port(), recorder));
            RtmpFailure end = recorder.awaitEnd();

            assertEquals(Kind.STREAM_ENDED, end.kind());
            assertEquals("The stream 'stream' ended (NetStream.Play.UnpublishNotify)", end.getMessage());
            assertTrue(end.retryable());
            assertSameMedia(media, recorder.media);
            assertTrue(player.bytesReceived() > 40_000, "bytes counted: " + player.bytesReceived());

            Connection connection = server.connections().get(0);
            List<RtmpMessage> received = connection.messages();
            assertEquals(new SetChunkSize(4096).toMessage(), received.get(0), "chunk size is announced first");
            List<Command> commands = connection.commands();
            // a live play subscribes first, as rtmpdump --live does
            assertEquals(List.of("connect", "createStream", "FCSubscribe", "play"),
                    commands.stream().map(Command::name).toList());
            Map<?, ?> connect = (Map<?, ?>) commands.get(0).commandObject();
            assertEquals("live", connect.get("app"));
            assertEquals("rtmp://localhost:" + server.port() + "/live", connect.get("tcUrl"));
            assertEquals("LNX 10,0,32,18", connect.get("flashVer"));
            assertEquals(List.of("stream", -1000.0), commands.get(3).args());
            RtmpMessage playMessage = received.stream().filter(m -> m.typeId() == 20 && m.messageStreamId() == 1)
                    .findFirst().orElseThrow();
            assertEquals("play", Command.from(playMessage).name(), "play goes on the created stream");
            assertTrue(received.contains(UserControlEvent.setBufferLength(STREAM_ID, 36_000_000).toMessage()));
            awaitCondition(() -> connection.messages().contains(UserControlEvent.pingResponse(123456).toMessage()));
            // the window (10,000 bytes) was exceeded by far: an acknowledgement must have gone out
            awaitCondition(() -> connection.messages().stream()
                    .anyMatch(m -> m.typeId() == MessageType.ACKNOWLEDGEMENT.id()));
            long acked = connection.messages().stream().filter(m -> m.typeId() == MessageType.ACKNOWLEDGEMENT.id())
                    .mapToLong(m -> Acknowledgement.from(m).sequenceNumber()).max().orElseThrow();
            assertTrue(acked >= 10_000 && acked <= player.bytesReceived(), "ack " + acked);
            assertEquals(1, recorder.ends.size());
        }
    }

    @Test
    void startsWithoutWaitingForDelayedAcknowledgementsOfAServerThatHoldsSmallWrites() throws Exception {
        // nginx-rtmp writes its replies as separate small messages with Nagle's algorithm on: after the lone
        // WindowAckSize (and again after StreamBegin, and after Play.Start) it waits for the client's TCP
        // acknowledgement. A client that sends nothing until the connect reply (as librtmp does) waits for its own
        // delayed acknowledgement, about 40 ms each time; here that acknowledgement never comes.
        List<RtmpMessage> media = new ArrayList<>(List.of(new RtmpMessage(MessageType.AMF0_DATA, 0, STREAM_ID,
                dev.streamvcr.rtmp.amf.Amf0.encodeAll("|RtmpSampleAccess", false, false))));
        media.addAll(someMedia());
        ScriptedRtmpServer.Script script = server((connection, play) -> {
            playStart(connection);
            sendMedia(connection, media);
            connection.status(STREAM_ID, "status", "NetStream.Play.UnpublishNotify", "stream is now unpublished");
        }).holdWritesUntilAnswered();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script)) {
            Recorder recorder = new Recorder();
            await(play(server.port(), RtmpClientOptions.defaults().withPlayTimeout(Duration.ofSeconds(5)), recorder));

            assertEquals(Kind.STREAM_ENDED, recorder.awaitEnd().kind());
            assertSameMedia(media, recorder.media);
            List<Integer> types = server.connections().get(0).messages().stream().map(RtmpMessage::typeId).toList();
            int connect = types.indexOf(MessageType.AMF0_COMMAND.id());
            assertEquals(MessageType.ACKNOWLEDGEMENT.id(), types.get(connect + 1),
                    "the lone WindowAckSize is answered at once: " + types);
        }
    }

    @Test
    void mediaOnMessageStreamZeroIsDelivered() throws Exception {
        // as ffmpeg -listen 1 plays: Play.Start on the created stream, metadata and media on message stream 0
        List<RtmpMessage> media = someMedia().stream()
                .map(m -> new RtmpMessage(m.typeId(), m.timestamp(), 0, m.payload()))
                .toList();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            sendMedia(connection, media);
            connection.close();
        }))) {
            Recorder recorder = new Recorder();
            await(play(server.port(), recorder));
            assertEquals(Kind.CONNECTION_LOST, recorder.awaitEnd().kind());
            assertSameMedia(media, recorder.media);
        }
    }

    @Test
    void streamEofEndsTheStream() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            sendMedia(connection, someMedia().subList(0, 3));
            // nginx-rtmp with default settings only sends StreamEOF when the publisher leaves
            connection.send(2, new UserControlEvent(UserControlEvent.Type.STREAM_EOF, STREAM_ID, 0).toMessage());
        }))) {
            Recorder recorder = new Recorder();
            await(play(server.port(), recorder));
            RtmpFailure end = recorder.awaitEnd();
            assertEquals(Kind.STREAM_ENDED, end.kind());
            assertEquals(3, recorder.media.size());
        }
    }

    @Test
    void streamNotFoundFailsPlay() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) ->
                connection.status(STREAM_ID, "error", "NetStream.Play.StreamNotFound", "No such stream")))) {
            Recorder recorder = new Recorder();
            RtmpFailure failure = awaitFailure(play(server.port(), recorder));
            assertEquals(Kind.STREAM_NOT_FOUND, failure.kind());
            assertEquals("The server has no stream named 'stream' (NetStream.Play.StreamNotFound)",
                    failure.getMessage());
            Thread.sleep(100);
            assertEquals(0, recorder.ends.size(), "onEnd is never called when play() fails");
        }
    }

    @Test
    void connectErrorIsRejectedWithTheServersDescription() throws Exception {
        ScriptedRtmpServer.Script script = new ScriptedRtmpServer.Script()
                .rejectConnect("NetConnection.Connect.Rejected", "Invalid token");
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script)) {
            RtmpFailure failure = awaitFailure(play(server.port(), new Recorder()));
            assertEquals(Kind.REJECTED, failure.kind());
            assertEquals("The server refused the connection to application 'live': Invalid token"
                    + " (NetConnection.Connect.Rejected)", failure.getMessage());
        }
    }

    @Test
    void closedPortFailsToConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RtmpFailure failure = awaitFailure(play(port, new Recorder()));
        assertEquals(Kind.CONNECT_FAILED, failure.kind());
        assertTrue(failure.getMessage().startsWith("Could not connect to localhost:" + port), failure.getMessage());
        assertTrue(failure.retryable());
    }

    @Test
    void serverClosingMidStreamIsConnectionLost() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            sendMedia(connection, someMedia().subList(0, 4));
            connection.close();
        }))) {
            Recorder recorder = new Recorder();
            await(play(server.port(), recorder));
            RtmpFailure end = recorder.awaitEnd();
            assertEquals(Kind.CONNECTION_LOST, end.kind());
            assertEquals(4, recorder.media.size());
            Thread.sleep(100);
            assertEquals(1, recorder.ends.size());
        }
    }

    @Test
    void pauseStopsDeliveryAndResumeContinuesInOrder() throws Exception {
        List<RtmpMessage> media = someMedia();
        CountDownLatch allSent = new CountDownLatch(1);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            sendMedia(connection, media);
            allSent.countDown();
        }))) {
            Recorder recorder = new Recorder();
            AtomicReference<Future<RtmpPlayer>> playing = new AtomicReference<>();
            CountDownLatch paused = new CountDownLatch(1);
            recorder.onEach = m -> {
                if (recorder.media.size() == 3) {
                    // the future has completed on this context before the first media message
                    playing.get().result().pause();
                    paused.countDown();
                }
            };
            // start on the context the listener runs on, so the future is stored before any event arrives
            VERTX.get().getOrCreateContext().runOnContext(v -> playing.set(play(server.port(), recorder)));
            awaitCondition(() -> playing.get() != null);
            RtmpPlayer[] player = {await(playing.get())};
            assertTrue(allSent.await(5, TimeUnit.SECONDS));
            assertTrue(paused.await(5, TimeUnit.SECONDS));
            Thread.sleep(300);
            assertEquals(3, recorder.media.size(), "nothing is delivered while paused");
            player[0].resume();
            awaitCondition(() -> recorder.media.size() == media.size());
            assertSameMedia(media, recorder.media);
            await(player[0].close());
            assertEquals(Kind.CLOSED, recorder.awaitEnd().kind());
        }
    }

    @Test
    void pauseStopsReadingTheSocket() throws Exception {
        int frames = 48;
        int frameSize = 1 << 20;
        CountDownLatch allQueued = new CountDownLatch(1);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            for (int i = 0; i < frames; i++) {
                byte[] frame = new byte[frameSize];
                frame[0] = (byte) i;
                connection.send(6, new RtmpMessage(MessageType.VIDEO, i * 40L, STREAM_ID, frame));
            }
            allQueued.countDown();
        }))) {
            Recorder recorder = new Recorder();
            AtomicReference<Future<RtmpPlayer>> playing = new AtomicReference<>();
            recorder.onEach = m -> {
                if (recorder.media.size() == 1) {
                    playing.get().result().pause();
                }
            };
            VERTX.get().getOrCreateContext().runOnContext(v -> playing.set(play(server.port(), recorder)));
            awaitCondition(() -> playing.get() != null);
            RtmpPlayer player = await(playing.get());
            assertTrue(allQueued.await(10, TimeUnit.SECONDS));
            Thread.sleep(500);
            long whilePaused = player.bytesReceived();
            Thread.sleep(200);
            assertEquals(whilePaused, player.bytesReceived(), "reading stopped: TCP holds the rest back");
            assertTrue(whilePaused < frames * (long) frameSize / 2, "received while paused: " + whilePaused);
            assertEquals(1, recorder.media.size());

            player.resume();
            awaitCondition(() -> recorder.media.size() == frames);
            for (int i = 0; i < frames; i++) {
                assertEquals((byte) i, recorder.media.get(i).payload().getByte(0), "order of frame " + i);
            }
            await(player.close());
        }
    }

    @Test
    void closeSendsDeleteStreamAndEndsWithClosed() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) ->
                playStart(connection)))) {
            Recorder recorder = new Recorder();
            RtmpPlayer player = await(play(server.port(), recorder));
            await(player.close());
            RtmpFailure end = recorder.awaitEnd();
            assertEquals(Kind.CLOSED, end.kind());
            Connection connection = server.connections().get(0);
            awaitCondition(() -> connection.commands().stream().anyMatch(c -> c.name().equals("deleteStream")));
            Command delete = connection.commands().get(connection.commands().size() - 1);
            assertEquals(List.of((double) STREAM_ID), delete.args());
            awaitCondition(() -> connection.isClosed());
            await(player.close());
            assertEquals(1, recorder.ends.size(), "closing twice ends once");
        }
    }

    /**
     * Every 50 ms until the connection closes, what keeps a connection busy without media: a ping, an
     * acknowledgement, a status that ends nothing and, if asked, a metadata message (which would start playing).
     */
    static void keepTalkingWithoutMedia(Connection connection, boolean metadata) {
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
                        dev.streamvcr.rtmp.amf.Amf0.encodeAll("onMetaData", Map.of("width", 1280.0))));
            }
            connection.status(STREAM_ID, "status", "NetStream.Play.PublishNotify", "still there");
        });
    }

    @Test
    void silenceAfterPlayStartTimesOut() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) ->
                playStart(connection)))) {
            Recorder recorder = new Recorder();
            RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofMillis(300));
            await(play(server.port(), options, recorder));
            RtmpFailure end = recorder.awaitEnd();
            assertEquals(Kind.TIMEOUT, end.kind());
            assertEquals("The server localhost accepted the play request for 'stream' but sent no audio or video"
                    + " for 300 ms", end.getMessage());
        }
    }

    @Test
    void playStartWithoutMediaTimesOutDespitePingsAndMetadata() throws Exception {
        // nginx-rtmp plays a stream nobody publishes: Play.Start, then no media, only pings
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            keepTalkingWithoutMedia(connection, true);
        }))) {
            Recorder recorder = new Recorder();
            RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofMillis(500));
            await(play(server.port(), options, recorder));
            long started = System.nanoTime();
            RtmpFailure end = recorder.awaitEnd();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(Kind.TIMEOUT, end.kind());
            assertEquals("The server localhost accepted the play request for 'stream' but sent no audio or video"
                    + " for 500 ms", end.getMessage());
            assertTrue(waited >= 450 && waited < 2_000, "ended after " + waited + " ms");
            assertTrue(recorder.media.size() >= 3, "metadata kept arriving: " + recorder.media.size());
            Connection connection = server.connections().get(0);
            assertTrue(connection.messages().contains(UserControlEvent.pingResponse(3).toMessage()), "pings answered");
            awaitCondition(() -> connection.isClosed());
        }
    }

    @Test
    void mediaStoppingTimesOutDespitePingsAndMetadata() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            sendMedia(connection, someMedia());
            keepTalkingWithoutMedia(connection, true);
        }))) {
            Recorder recorder = new Recorder();
            RtmpClientOptions options = RtmpClientOptions.defaults().withIdleTimeout(Duration.ofMillis(500));
            await(play(server.port(), options, recorder));
            RtmpFailure end = recorder.awaitEnd();
            assertEquals(Kind.TIMEOUT, end.kind());
            assertEquals("No audio or video from localhost for 500 ms", end.getMessage());
            assertTrue(recorder.media.size() > someMedia().size(), "metadata kept arriving after the media");
        }
    }

    @Test
    void noPlayStartFailsPlayInTimeDespitePings() throws Exception {
        // connect and createStream are answered, play never is; pings keep the connection busy meanwhile
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) ->
                keepTalkingWithoutMedia(connection, false)))) {
            Recorder recorder = new Recorder();
            RtmpClientOptions options = RtmpClientOptions.defaults().withPlayTimeout(Duration.ofMillis(600));
            long started = System.nanoTime();
            RtmpFailure failure = awaitFailure(play(server.port(), options, recorder));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(Kind.TIMEOUT, failure.kind());
            assertEquals("The server localhost did not answer the play request within 600 ms (neither"
                    + " NetStream.Play.Start nor media arrived)", failure.getMessage());
            assertTrue(failure.retryable());
            assertTrue(waited >= 550 && waited < 2_000, "failed after " + waited + " ms");
            awaitCondition(() -> server.connections().get(0).isClosed());
            assertEquals(0, recorder.ends.size(), "onEnd is never called when play() fails");
        }
    }

    @Test
    void unansweredConnectFailsPlayInTime() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().silentAfterHandshake())) {
            RtmpClientOptions options = RtmpClientOptions.defaults().withPlayTimeout(Duration.ofMillis(300));
            RtmpFailure failure = awaitFailure(play(server.port(), options, new Recorder()));
            assertEquals(Kind.TIMEOUT, failure.kind());
            assertEquals("The server localhost did not answer the play request within 300 ms (no reply to connect)",
                    failure.getMessage());
            awaitCondition(() -> server.connections().get(0).isClosed());
        }
    }

    @Test
    void oversizedMessageIsAProtocolError() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) -> {
            playStart(connection);
            connection.send(6, new RtmpMessage(MessageType.VIDEO, 0, STREAM_ID, new byte[5000]));
        }))) {
            Recorder recorder = new Recorder();
            RtmpClientOptions options = RtmpClientOptions.defaults().withMaxMessageSize(4096);
            await(play(server.port(), options, recorder));
            RtmpFailure end = recorder.awaitEnd();
            assertEquals(Kind.PROTOCOL_ERROR, end.kind());
            assertTrue(end.getMessage().endsWith("message of 5000 bytes is over the limit of 4096 bytes"),
                    end.getMessage());
        }
    }

    @Test
    void wrongHandshakeVersionFails() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().handshakeVersion(6))) {
            RtmpFailure failure = awaitFailure(play(server.port(), new Recorder()));
            assertEquals(Kind.HANDSHAKE_FAILED, failure.kind());
            assertEquals("RTMP handshake: the server answered version 6, expected 3 (6 is RTMPE, encrypted RTMP,"
                    + " which is not supported)", failure.getMessage());
        }
    }

    @Test
    void silentServerFailsTheHandshakeInTime() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().silentHandshake())) {
            RtmpClientOptions options = RtmpClientOptions.defaults().withHandshakeTimeout(Duration.ofMillis(200));
            RtmpFailure failure = awaitFailure(play(server.port(), options, new Recorder()));
            assertEquals(Kind.HANDSHAKE_FAILED, failure.kind());
            assertEquals("The server did not complete the RTMP handshake within 200 ms", failure.getMessage());
        }
    }

    @Test
    void rtmpsChecksTheCertificateAgainstTheUrlHost() throws Exception {
        PfxOptions keyStore = selfSignedLocalhostCertificate();
        NetServerOptions tls = new NetServerOptions().setSsl(true).setKeyCertOptions(keyStore);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), server((connection, play) ->
                playStart(connection)), tls)) {
            RtmpClientOptions options = RtmpClientOptions.defaults().withTrustOptions(keyStore);
            SocketAddress address = SocketAddress.inetSocketAddress(server.port(), "127.0.0.1");
            // the address is an IP; the certificate names localhost, which only the URL's host carries
            RtmpUrl good = RtmpUrl.parse("rtmps://localhost:" + server.port() + "/live/stream");
            Recorder recorder = new Recorder();
            RtmpPlayer player = await(RtmpPlayer.play(VERTX.get(), address, good, options, recorder));
            await(player.close());

            RtmpUrl other = RtmpUrl.parse("rtmps://other.example:" + server.port() + "/live/stream");
            RtmpFailure failure = awaitFailure(RtmpPlayer.play(VERTX.get(), address, other, options, new Recorder()));
            assertEquals(Kind.TLS_FAILED, failure.kind());
            assertTrue(failure.getMessage().startsWith("TLS with other.example:" + server.port() + " failed: "),
                    failure.getMessage());
        }
    }

    /** A PKCS#12 key store with a self-signed certificate for localhost, made by the JDK's keytool. */
    static PfxOptions selfSignedLocalhostCertificate() throws Exception {
        Path dir = Files.createTempDirectory("rtmps-test");
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "localhost", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), "keytool: " + output);
        byte[] bytes = Files.readAllBytes(store);
        Files.delete(store);
        Files.delete(dir);
        return new PfxOptions().setValue(io.vertx.core.buffer.Buffer.buffer(bytes)).setPassword("changeit");
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
