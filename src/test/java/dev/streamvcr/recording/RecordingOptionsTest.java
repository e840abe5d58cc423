package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestCard;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the recorder does with the source options that need it to act: a stop position reached completes the
 * recording, and a server's reconnect request is followed to the new server with the gap noted as such.
 */
@QuarkusTest
class RecordingOptionsTest {
    private static Vertx vertx;
    private static byte[] clip;

    @BeforeAll
    static void setUp() {
        PeerTools.ensureInstalled();
        vertx = Vertx.vertx();
        clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(3));
    }

    @AfterAll
    static void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void stopPositionCompletesTheRecording() throws Exception {
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(vertx, new ScriptedRtmpServer.Script()
                .media(clip))) {
            Api.Account user = Api.newUser("user");
            int id = book(user, "rtmp://127.0.0.1:" + server.port() + "/vod/cam stop=1500", 30);
            JsonPath reservation = awaitFinal(user, id, Instant.now().plusSeconds(25));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));
            assertEquals("Reached the stop position (1500 ms) of 'cam'; the recording is complete.",
                    reservation.getString("stateReason"));
            assertTrue(!reservation.getList("history.to").contains("RECONNECTING"), "no drop was recorded");
        }
    }

    @Test
    void reconnectRequestIsFollowedToTheNewServer() throws Exception {
        try (ScriptedRtmpServer next = ScriptedRtmpServer.start(vertx, new ScriptedRtmpServer.Script().media(clip));
                ScriptedRtmpServer first = ScriptedRtmpServer.start(vertx, new ScriptedRtmpServer.Script()
                        .media(clip).reconnectRequest(10, "rtmp://127.0.0.1:" + next.port() + "/relay"))) {
            Api.Account user = Api.newUser("user");
            int id = book(user, "rtmp://127.0.0.1:" + first.port() + "/live/cam", 8);
            ScriptedRtmpServer.Connection moved = next.awaitConnection(0, Duration.ofSeconds(20));
            assertEquals(List.of("cam", -1000.0), moved.awaitCommand("play", Duration.ofSeconds(5)).args());
            assertEquals("rtmp://127.0.0.1:" + next.port() + "/relay",
                    ((Map<?, ?>) moved.awaitCommand("connect", Duration.ofSeconds(5)).commandObject()).get("tcUrl"));

            JsonPath reservation = awaitFinal(user, id, Instant.now().plusSeconds(30));
            assertEquals("COMPLETED", reservation.getString("state"), reservation.getString("stateReason"));
            List<String> causes = user.api().get("/api/v1/recordings/" + reservation.getInt("recordingId")).then()
                    .statusCode(200).extract().jsonPath().getList("gaps.cause");
            assertEquals(List.of("server asked to reconnect"), causes);
        }
    }

    private static int book(Api.Account user, String source, int seconds) {
        Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        return user.api().body(Map.of("title", "Options", "sourceUrl", source, "startAt", start.toString(),
                "durationSeconds", seconds)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }

    private static JsonPath awaitFinal(Api.Account user, int id, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            JsonPath view = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
            if (List.of("COMPLETED", "FAILED", "CANCELLED", "MISSED").contains(view.getString("state"))) {
                return view;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("reservation " + id + " did not end by " + deadline);
    }
}
