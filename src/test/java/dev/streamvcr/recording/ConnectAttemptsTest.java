package dev.streamvcr.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectAttemptsTest {

    @Test
    void whileTheServerRefusesThePageSaysWhichAttemptComesAndWhyTheLastFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // free again once closed: connecting is refused
        }
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        int id = user.api().body(Map.of("title", "Refused", "sourceUrl", "rtmp://127.0.0.1:" + closedPort + "/live/x",
                "startAt", start.toString(), "durationSeconds", 120)).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        String third = "Connecting to 127.0.0.1 (attempt 3; last: Could not connect to 127.0.0.1:" + closedPort
                + ": the connection was refused).";
        try {
            JsonPath waiting = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> user.reservation(id), r -> third.equals(r.getString("stateReason")));
            assertEquals("WAITING_FOR_STREAM", waiting.getString("state"));
            List<String> reasons = waiting.getList("history.reason");
            assertEquals(1, reasons.stream().filter(r -> r.startsWith("Connecting to")).count(),
                    "one history line for the wait, not one per attempt: " + reasons);

            BrowserSession browser = BrowserSession.login(user.username(), user.password());
            String page = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
            assertTrue(page.matches("(?s).*Connecting to 127\\.0\\.0\\.1 \\(attempt [3-9]; last: Could not connect to "
                    + "127\\.0\\.0\\.1:" + closedPort + ": the connection was refused\\)\\..*"), page);
        } finally {
            user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
        }
    }
}
