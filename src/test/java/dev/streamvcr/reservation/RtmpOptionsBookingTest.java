package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Advanced section: RTMP options given with a booking reach the wire, are shown back, and bad ones are refused. */
@QuarkusTest
class RtmpOptionsBookingTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();

    @BeforeAll
    static void setUp() {
        PeerTools.ensureInstalled();
    }

    @Test
    void optionsFromTheApiReachTheConnectCommandAfterTheAddressOwn() throws Exception {
        byte[] clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(2));
        try (ScriptedRtmpServer server = ScriptedRtmpServer.start(VERTX.get(),
                new ScriptedRtmpServer.Script().media(clip))) {
            Api.Account user = Api.newUser("user");
            Map<String, Object> rtmp = new java.util.LinkedHashMap<>();
            rtmp.put("conn", List.of("S:ticket 42", "N:7"));
            rtmp.put("pageUrl", "http://example.test/show");
            rtmp.put("token", "sekrit");
            Map<String, Object> body = booking("rtmp://127.0.0.1:" + server.port() + "/live/cam conn=B:1 "
                    + "pageUrl=http://example.test/old", 4);
            body.put("rtmp", rtmp);
            int id = user.api().body(body).post("/api/v1/reservations").then().statusCode(201)
                    .body("rtmp.conn", equalTo(List.of("S:ticket 42", "N:7")))
                    .body("rtmp.pageUrl", equalTo("http://example.test/show"))
                    .body("rtmp.token", equalTo("(stored)"))
                    .extract().path("id");

            ScriptedRtmpServer.Connection connection = server.awaitConnection(0, Duration.ofSeconds(20));
            var connect = connection.awaitCommand("connect", Duration.ofSeconds(5));
            // the address's conn item first, then the Advanced section's, in order
            assertEquals(List.of(true, "ticket 42", 7.0), connect.args());
            assertEquals("http://example.test/show", ((Map<?, ?>) connect.commandObject()).get("pageUrl"),
                    "the Advanced section wins over the option written after the address");

            BrowserSession browser = BrowserSession.login(user.username(), user.password());
            String page = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
            assertTrue(page.contains("conn=S:ticket 42"), page);
            assertTrue(!page.contains("sekrit"), "a token is never shown again");
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheFieldAndBookNothing() {
        Api.Account user = Api.newUser("user");
        int before = user.api().get("/api/v1/reservations").then().extract().path("size()");
        Map<String, Object> unknown = booking("rtmp://127.0.0.1:1/live/cam", 60);
        unknown.put("rtmp", Map.of("colour", "blue"));
        user.api().body(unknown).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.rtmp", containsString("Unknown option 'colour'"));

        Map<String, Object> badValue = booking("rtmp://127.0.0.1:1/live/cam", 60);
        badValue.put("rtmp", Map.of("buffer", "lots"));
        user.api().body(badValue).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.rtmp", containsString("buffer=lots"));

        Map<String, Object> wrongShape = booking("rtmp://127.0.0.1:1/live/cam", 60);
        wrongShape.put("rtmp", Map.of("conn", List.of(Map.of("S", "x"))));
        user.api().body(wrongShape).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.rtmp", containsString("conn"));

        Map<String, Object> hls = booking("http://127.0.0.1:1/live/index.m3u8", 60);
        hls.put("rtmp", Map.of("live", "1"));
        user.api().body(hls).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.rtmp", containsString("not to an HLS playlist"));

        user.api().body(booking("rtmp://127.0.0.1:1/live/cam stop=soon", 60)).post("/api/v1/reservations").then()
                .statusCode(400).body("fields.sourceUrl", containsString("stop=soon"));

        assertEquals(before, (int) user.api().get("/api/v1/reservations").then().extract().path("size()"));
    }

    @Test
    void theFormKeepsTheOptionsAndShowsTheErrorInTheAdvancedSection() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String blank = browser.request().get("/reservations/new").then().statusCode(200).extract().asString();
        assertTrue(blank.contains("<code>swfVfy</code>"), "the Advanced section lists the options");
        LocalDateTime start = LocalDateTime.now().plusHours(1).truncatedTo(ChronoUnit.MINUTES);
        Response refused = browser.form("/reservations/new").with(browser.request())
                .formParam("title", "Advanced")
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/cam")
                .formParam("startAt", start.toString())
                .formParam("durationMinutes", "10")
                .formParam("rtmpOptions", "conn=S:abc\nlive=maybe")
                .post("/reservations");
        refused.then().statusCode(400);
        String page = refused.body().asString();
        assertTrue(page.contains("live=maybe is not valid"), page);
        assertTrue(page.contains("conn=S:abc\nlive=maybe</textarea>"), "what was typed is kept");

        Response booked = browser.form("/reservations/new").with(browser.request())
                .formParam("title", "Advanced")
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/cam")
                .formParam("startAt", start.toString())
                .formParam("durationMinutes", "10")
                .formParam("rtmpOptions", "conn=S:abc\r\nlive=0")
                .post("/reservations");
        booked.then().statusCode(303);
        String id = booked.header("Location").replaceAll(".*/reservations/(\\d+).*", "$1");
        user.api().get("/api/v1/reservations/" + id).then().body("rtmp.conn", equalTo(List.of("S:abc")))
                .body("rtmp.live", equalTo("0"));
        Map<String, Object> plain = booking("rtmp://127.0.0.1:1/live/cam", 60);
        int plainId = user.api().body(plain).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        user.api().get("/api/v1/reservations/" + plainId).then().body("rtmp", nullValue());
    }

    private static Map<String, Object> booking(String source, int seconds) {
        Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Options");
        body.put("sourceUrl", source);
        body.put("startAt", start.toString());
        body.put("durationSeconds", seconds);
        return body;
    }
}
