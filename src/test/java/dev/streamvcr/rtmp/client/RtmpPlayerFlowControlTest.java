package dev.streamvcr.rtmp.client;

import static dev.streamvcr.rtmp.client.ScriptedPlays.STREAM_ID;
import static dev.streamvcr.rtmp.client.ScriptedPlays.answeringPlay;
import static dev.streamvcr.rtmp.client.ScriptedPlays.assertSameMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.play;
import static dev.streamvcr.rtmp.client.ScriptedPlays.result;
import static dev.streamvcr.rtmp.client.ScriptedPlays.sendMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.someMedia;
import static dev.streamvcr.rtmp.client.ScriptedPlays.soon;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.client.RtmpFailure.Kind;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flow control between a {@link ScriptedRtmpServer} and the player: no stall on a server that holds small writes
 * for TCP acknowledgements, and pause and resume, which hold back delivery and then the socket itself.
 */
class RtmpPlayerFlowControlTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    @Test
    void startsWithoutWaitingForDelayedAcknowledgementsOfAServerThatHoldsSmallWrites() throws Exception {
        // nginx-rtmp writes its replies as separate small messages with Nagle's algorithm on: after the lone
        // WindowAckSize (and again after StreamBegin, and after Play.Start) it waits for the client's TCP
        // acknowledgement. A client that sends nothing until the connect reply (as librtmp does) waits for its own
        // delayed acknowledgement, about 40 ms each time; here that acknowledgement never comes.
        List<RtmpMessage> media = new ArrayList<>(List.of(new RtmpMessage(MessageType.AMF0_DATA, 0, STREAM_ID,
                Amf0.encodeAll("|RtmpSampleAccess", false, false))));
        media.addAll(someMedia());
        ScriptedRtmpServer.Script script = answeringPlay((connection, play) -> {
            connection.startPlaying();
            sendMedia(connection, media);
            connection.status(STREAM_ID, "status", "NetStream.Play.UnpublishNotify", "stream is now unpublished");
        }).holdWritesUntilAnswered();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), script)) {
            PlayLog log = new PlayLog();
            result(play(VERTX.get(), server.port(), RtmpClientOptions.defaults().withPlayTimeout(Duration.ofSeconds(5)), log));

            assertEquals(Kind.STREAM_ENDED, log.awaitEnd().kind());
            assertSameMedia(media, log.media);
            List<Integer> types = server.connections().get(0).messages().stream().map(RtmpMessage::typeId).toList();
            int connect = types.indexOf(MessageType.AMF0_COMMAND.id());
            assertEquals(MessageType.ACKNOWLEDGEMENT.id(), types.get(connect + 1),
                    "the lone WindowAckSize is answered at once: " + types);
        }
    }

    @Test
    void pauseStopsDeliveryAndResumeContinuesInOrder() throws Exception {
        List<RtmpMessage> media = someMedia();
        CountDownLatch allSent = new CountDownLatch(1);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            sendMedia(connection, media);
            allSent.countDown();
        }))) {
            PlayLog log = new PlayLog();
            AtomicReference<Future<RtmpPlayer>> playing = new AtomicReference<>();
            CountDownLatch paused = new CountDownLatch(1);
            log.onEach = m -> {
                if (log.media.size() == 3) {
                    // the future has completed on this context before the first media message
                    playing.get().result().pause();
                    paused.countDown();
                }
            };
            // start on the context the listener runs on, so the future is stored before any event arrives
            VERTX.get().getOrCreateContext().runOnContext(v -> playing.set(play(VERTX.get(), server.port(), log)));
            soon().until(() -> playing.get() != null);
            RtmpPlayer[] player = {result(playing.get())};
            assertTrue(allSent.await(5, TimeUnit.SECONDS));
            assertTrue(paused.await(5, TimeUnit.SECONDS));
            soon().alias("nothing is delivered while paused").during(Duration.ofMillis(300))
                    .until(() -> log.media.size() == 3);
            player[0].resume();
            soon().until(() -> log.media.size() == media.size());
            assertSameMedia(media, log.media);
            result(player[0].close());
            assertEquals(Kind.CLOSED, log.awaitEnd().kind());
        }
    }

    @Test
    void pauseStopsReadingTheSocket() throws Exception {
        int frames = 48;
        int frameSize = 1 << 20;
        CountDownLatch allQueued = new CountDownLatch(1);
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), answeringPlay((connection, play) -> {
            connection.startPlaying();
            for (int i = 0; i < frames; i++) {
                byte[] frame = new byte[frameSize];
                frame[0] = (byte) i;
                connection.send(6, new RtmpMessage(MessageType.VIDEO, i * 40L, STREAM_ID, frame));
            }
            allQueued.countDown();
        }))) {
            PlayLog log = new PlayLog();
            AtomicReference<Future<RtmpPlayer>> playing = new AtomicReference<>();
            log.onEach = m -> {
                if (log.media.size() == 1) {
                    playing.get().result().pause();
                }
            };
            VERTX.get().getOrCreateContext().runOnContext(v -> playing.set(play(VERTX.get(), server.port(), log)));
            soon().until(() -> playing.get() != null);
            RtmpPlayer player = result(playing.get());
            assertTrue(allQueued.await(10, TimeUnit.SECONDS));
            // once the socket buffers are full the count holds still from one look to the next, 200 ms later
            AtomicLong previous = new AtomicLong(-1);
            long whilePaused = await("reading stopped: TCP holds the rest back").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(player::bytesReceived, received -> received == previous.getAndSet(received));
            assertTrue(whilePaused < frames * (long) frameSize / 2, "received while paused: " + whilePaused);
            assertEquals(1, log.media.size());

            player.resume();
            soon().until(() -> log.media.size() == frames);
            for (int i = 0; i < frames; i++) {
                assertEquals((byte) i, log.media.get(i).payload().getByte(0), "order of frame " + i);
            }
            result(player.close());
        }
    }
}
