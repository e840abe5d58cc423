package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.WallClock;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real peers beside hostile and broken ones: three recordings of a good stream (nginx-rtmp relaying ffmpeg) run
 * while other recordings of the same app face a server that never answers the handshake, one that sends garbage
 * after it, one that declares a 16 MiB message and streams it without end, and a publisher that stalls (ffmpeg
 * frozen, nginx keeps the stream). Each bad recording reconnects or fails on its own, with a reason; the good ones
 * decode cleanly, have no gap, and hold the same frames as each other and as the stream's rate says.
 */
@QuarkusTest
class HostileServersPeerTest {

    private static final int SECONDS = 20;
    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    @Inject
    RecordingStore store;

    @Test
    void badServersFailOnTheirOwnAndGoodRecordingsAreUnaffected() throws Exception {
        Api.Account user = Api.newUser("user");
        AtomicLong endlessBytes = new AtomicLong();
        AtomicInteger endlessClosed = new AtomicInteger();
        try (FfmpegPublisher good = new FfmpegPublisher(NGINX.get().rtmpUrl("good")).start();
                FfmpegPublisher stalling = new FfmpegPublisher(NGINX.get().rtmpUrl("stalling")).start();
                ScriptedRtmpServer silent = ScriptedRtmpServer.start(VERTX.get(),
                        new ScriptedRtmpServer.Script().silentHandshake())) {
            NetServer garbage = afterHandshake(socket -> {
                byte[] noise = new byte[4096];
                new Random(7).nextBytes(noise);
                socket.write(Buffer.buffer(noise));
            });
            NetServer endless = afterHandshake(socket -> endlessChunk(socket, endlessBytes, endlessClosed));
            try {
                good.awaitPublishing(Duration.ofSeconds(20));
                stalling.awaitPublishing(Duration.ofSeconds(20));
                Instant start = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
                List<Integer> goods = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    goods.add(book(user, "Good " + i, NGINX.get().rtmpUrl("good"), start));
                }
                Map<String, Integer> bad = new LinkedHashMap<>();
                bad.put("silent handshake", book(user, "Silent", "rtmp://127.0.0.1:" + silent.port() + "/live/x", start));
                bad.put("garbage", book(user, "Garbage", "rtmp://127.0.0.1:" + garbage.actualPort() + "/live/x", start));
                bad.put("endless chunk", book(user, "Endless", "rtmp://127.0.0.1:" + endless.actualPort() + "/live/x",
                        start));
                bad.put("stalled publisher", book(user, "Stalled", NGINX.get().rtmpUrl("stalling"), start));

                Map<String, Set<String>> reasons = new LinkedHashMap<>();
                bad.keySet().forEach(name -> reasons.put(name, new LinkedHashSet<>()));
                WallClock.sleepUntil(start.plusSeconds(2));
                stalling.freeze();
                Instant end = start.plusSeconds(SECONDS);
                while (Instant.now().isBefore(end.plusSeconds(3))) {
                    bad.forEach((name, id) -> {
                        JsonPath view = user.reservation(id);
                        String reason = view.getString("stateReason");
                        if (reason != null && !reason.isBlank()) {
                            reasons.get(name).add(view.getString("state") + ": " + reason);
                        }
                    });
                    Thread.sleep(500);
                }
                stalling.resume();

                for (Map.Entry<String, Integer> each : bad.entrySet()) {
                    JsonPath last = user.awaitFinal(each.getValue(), end.plusSeconds(40));
                    List<String> to = last.getList("history.to");
                    List<String> why = last.getList("history.reason");
                    for (int i = 0; i < to.size(); i++) { // every state change, with its reason, as the owner sees it
                        reasons.get(each.getKey()).add(to.get(i) + ": " + why.get(i));
                    }
                    reasons.get(each.getKey()).add(last.getString("state") + ": " + last.getString("stateReason"));
                    System.out.printf("MEASURED %s: %s%n", each.getKey(), reasons.get(each.getKey()));
                    assertTrue(reasons.get(each.getKey()).stream().anyMatch(r -> r.contains("RECONNECTING")
                            || r.contains("WAITING_FOR_STREAM") || r.contains("FAILED")),
                            each.getKey() + " reconnected or failed with a reason: " + reasons.get(each.getKey()));
                    assertFalse(reasons.get(each.getKey()).stream().anyMatch(r -> r.contains("Exception")),
                            each.getKey() + ": reasons for people, " + reasons.get(each.getKey()));
                }
                assertTrue(reasons.get("stalled publisher").stream().anyMatch(r -> r.startsWith("RECONNECTING")
                        && r.contains("No audio or video from 127.0.0.1 for 15 s. Reconnecting.")),
                        "the stall is noticed: " + reasons.get("stalled publisher"));
                assertTrue(endlessClosed.get() > 0, "the client hung up on the endless chunk after "
                        + endlessBytes.get() + " bytes");
                assertTrue(endlessBytes.get() < 64L * 1024 * 1024, "it did not read on: " + endlessBytes.get());

                List<Long> frames = new ArrayList<>();
                for (int id : goods) {
                    JsonPath done = user.awaitFinal(id, end.plusSeconds(40));
                    assertEquals("COMPLETED", done.getString("state"), done.prettify());
                    JsonPath recording = user.api().get("/api/v1/recordings/" + done.getInt("recordingId")).then()
                            .statusCode(200).extract().jsonPath();
                    assertTrue(recording.getList("gaps").isEmpty(), "no gap: " + recording.prettify());
                    java.nio.file.Path file = store.resolve(store.partPath(id, start, 1));
                    assertEquals("", MediaProbe.decodeErrors(file), "decodes cleanly");
                    MediaInfo info = MediaProbe.probe(file);
                    frames.add(info.videoFrames());
                }
                long control = frames.get(0);
                System.out.printf("MEASURED good recordings' video frames: %s (%d s at 30 fps = %d)%n", frames,
                        SECONDS, SECONDS * 30);
                assertEquals(SECONDS * 30, control, 45, "the control holds the booked time's frames: " + frames);
                for (long each : frames) {
                    assertEquals(control, each, 30, "as many frames as the control: " + frames);
                }
            } finally {
                garbage.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                endless.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A server on 127.0.0.1 that answers the simple handshake (S0 S1 S2 once C0 C1 came, S2 echoing C1) and hands the
     * socket to {@code then} once C2 came; it never speaks RTMP.
     */
    private static NetServer afterHandshake(java.util.function.Consumer<NetSocket> then) throws Exception {
        NetServer server = VERTX.get().createNetServer();
        server.connectHandler(socket -> {
            Buffer in = Buffer.buffer();
            boolean[] answered = {false, false};
            socket.handler(data -> {
                in.appendBuffer(data);
                if (!answered[0] && in.length() >= 1537) {
                    answered[0] = true;
                    Buffer out = Buffer.buffer().appendByte((byte) 3).appendBytes(new byte[1536])
                            .appendBuffer(in.getBuffer(1, 1537));
                    socket.write(out);
                }
                if (answered[0] && !answered[1] && in.length() >= 1537 + 1536) {
                    answered[1] = true;
                    then.accept(socket);
                }
            });
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return server;
    }

    /**
     * Set Chunk Size to 2^31 - 1 (so the body needs no chunk headers), then a type-0 chunk header declaring a
     * 0xFFFFFF-byte video message, then its body 64 KiB at a time, without end.
     */
    private static void endlessChunk(NetSocket socket, AtomicLong sent, AtomicInteger closed) {
        Buffer header = Buffer.buffer()
                .appendByte((byte) 0x02).appendMedium(0).appendMedium(4).appendByte((byte) 1).appendIntLE(0)
                .appendInt(0x7FFFFFFF)
                .appendByte((byte) 0x06) // fmt 0, chunk stream 6
                .appendMedium(0).appendMedium(0xFFFFFF).appendByte((byte) 9).appendIntLE(1);
        socket.write(header);
        Buffer block = Buffer.buffer(new byte[64 * 1024]);
        long timer = VERTX.get().setPeriodic(20, id -> {
            if (!socket.writeQueueFull()) {
                socket.write(block);
                sent.addAndGet(block.length());
            }
        });
        socket.closeHandler(v -> {
            VERTX.get().cancelTimer(timer);
            closed.incrementAndGet();
        });
    }

    private static int book(Api.Account user, String title, String url, Instant start) {
        return user.api().body(Map.of("title", title, "sourceUrl", url, "startAt", start.toString(),
                "durationSeconds", SECONDS)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }
}
