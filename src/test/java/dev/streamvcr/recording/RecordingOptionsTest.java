package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the recorder does with the source options that need it to act: a stop position reached completes the
 * recording, a server's reconnect request is followed to the new server with the gap noted as such, and swfVfy's
 * player is downloaded and hashed before connecting so that the server's SWF verification request is answered.
 */
@QuarkusTest
class RecordingOptionsTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static byte[] clip;

    @BeforeAll
    static void setUp() {
        PeerTools.ensureInstalled();
        clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(3));
    }

    @Test
    void stopPositionCompletesTheRecording() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .media(clip))) {
            Api.Account user = Api.newUser("user");
            int id = book(user, "rtmp://127.0.0.1:" + server.port() + "/vod/cam stop=1500", 30);
            JsonPath reservation = user.awaitFinal(id, Instant.now().plusSeconds(25));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));
            String reason = reservation.getString("stateReason");
            // a stop position ends it early: the reason says how much of the booked window that is
            assertTrue(reason.matches("Reached the stop position \\(1500 ms\\) of 'cam'; the recording is complete\\. "
                    + "Recorded [12] s of 30 s\\."), reason);
            assertTrue(!reservation.getList("history.to").contains("RECONNECTING"), "no drop was recorded");
        }
    }

    @Test
    void reconnectRequestIsFollowedToTheNewServer() throws Exception {
        try (ScriptedRtmpServer next = ScriptedRtmpServer.start(VERTX.get(),
                        new ScriptedRtmpServer.Script().media(clip));
                ScriptedRtmpServer first = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                        .media(clip).reconnectRequest(10, "rtmp://127.0.0.1:" + next.port() + "/relay"))) {
            Api.Account user = Api.newUser("user");
            int id = book(user, "rtmp://127.0.0.1:" + first.port() + "/live/cam", 8);
            ScriptedRtmpServer.Connection moved = next.awaitConnection(0, Duration.ofSeconds(20));
            assertEquals(List.of("cam", -1000.0), moved.awaitCommand("play", Duration.ofSeconds(5)).args());
            assertEquals("rtmp://127.0.0.1:" + next.port() + "/relay",
                    ((Map<?, ?>) moved.awaitCommand("connect", Duration.ofSeconds(5)).commandObject()).get("tcUrl"));

            JsonPath reservation = user.awaitFinal(id, Instant.now().plusSeconds(30));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));
            List<String> causes = user.api().get("/api/v1/recordings/" + reservation.getInt("recordingId")).then()
                    .statusCode(200).extract().jsonPath().getList("gaps.cause");
            assertEquals(List.of("server asked to reconnect"), causes);
        }
    }

    @Test
    void swfVfyIsAnsweredWithTheHashOfTheDownloadedPlayer() throws Exception {
        byte[] swf = PlayerSwfsTest.fws(7000);
        AtomicInteger downloads = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/player.swf", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, swf.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(swf);
            }
        });
        AtomicInteger missingRequests = new AtomicInteger();
        http.createContext("/missing.swf", exchange -> {
            missingRequests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
        String swfBase = "http://127.0.0.1:" + http.getAddress().getPort();
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .digestHandshake(9).swfVerificationRequest().media(clip))) {
            Api.Account user = Api.newUser("user");
            String source = "rtmp://127.0.0.1:" + server.port() + "/vod/cam stop=1500 swfVfy=";
            int verified = book(user, source + swfBase + "/player.swf", 30);
            int missing = book(user, source + swfBase + "/missing.swf", 8);

            JsonPath reservation = user.awaitFinal(verified, Instant.now().plusSeconds(25));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));
            ScriptedRtmpServer.Connection first = server.connections().stream()
                    .filter(ScriptedRtmpServer.Connection::clientDidDigestHandshake)
                    .filter(c -> !c.swfVerificationAnswers().isEmpty()).findFirst()
                    .orElseThrow(() -> new AssertionError("no connection answered the verification request"));
            assertArrayEquals(PlayerSwfsTest.expectedAnswer(first.s1(), swf), first.swfVerificationAnswers().get(0));
            assertEquals(1, downloads.get());

            JsonPath failed = user.awaitFinal(missing, Instant.now().plusSeconds(25));
            assertEquals("FAILED", failed.getString("state"));
            assertTrue(failed.getString("stateReason").contains("Last problem: Could not verify the player SWF at "
                    + swfBase + "/missing.swf: the server answered 404 Not Found"), failed.getString("stateReason"));
            // retried like any failure, also after the other session ended (a failure is not cached)
            assertTrue(missingRequests.get() >= 3, "attempts: " + missingRequests.get());
        } finally {
            http.stop(0);
        }
    }

    private static int book(Api.Account user, String source, int seconds) {
        // starts now (to the second, so a moment ago): the scripted servers send their clip in one burst as soon as
        // play arrives, and media that arrives before the booked start is not recorded
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return user.api().body(Map.of("title", "Options", "sourceUrl", source, "startAt", start.toString(),
                "durationSeconds", seconds)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }
}
