package dev.streamvcr.site;

import dev.streamvcr.Api;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ScriptedRtmpServer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.site.fixture.StickamLikeSite;
import dev.streamvcr.site.login.SiteChecks;
import dev.streamvcr.storage.RecordingStore;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thesis' Stickam case end to end: an admin describes the site as a recipe (log in, read the player's
 * parameters, pass the viewer key as an extra connect argument), a user stores their account for it and books a
 * profile page; at the start the server logs in, reads the page again and records from an RTMP server that refuses
 * any connect without a valid key. A wrong stored password warns before the start and fails the reservation with
 * the site's own words.
 */
@QuarkusTest
class StickamLikeRecordingPeerTest {

    private static final String STREAM_ID = "50712";
    private static final int WINDOW_SECONDS = 8;

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    @RegisterExtension
    static final StickamLikeSite SITE = new StickamLikeSite().performer("mika", STREAM_ID);
    private static ScriptedRtmpServer rtmp;
    private static String recipeName;

    @Inject
    RecordingStore store;

    @Inject
    SiteChecks checks;

    @BeforeAll
    static void startPeers() throws Exception {
        PeerTools.ensureInstalled();
        byte[] clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(WINDOW_SECONDS + 6));
        rtmp = ScriptedRtmpServer.start(VERTX.get(), new ScriptedRtmpServer.Script()
                .acceptConnectOnlyIf(SITE::acceptsKey).media(clip).realTime());
        SITE.rtmpHost("127.0.0.1:" + rtmp.port());
    }

    @AfterAll
    static void stopRtmpServer() throws Exception {
        if (rtmp != null) {
            rtmp.close();
        }
    }

    /** The site as an admin writes it down: where to log in, and what to read from the player's parameters. */
    static Map<String, Object> recipe(String name, StickamLikeSite site) {
        return Map.of("name", name,
                "urlPattern", "^http://127\\.0\\.0\\.1:" + site.port() + "/profile/(?<performer>[\\w-]+)$",
                "login", Map.of("url", SITE.url("/login"), "success", Map.of("cookie", StickamLikeSite.SESSION_COOKIE)),
                "steps", List.of(
                        Map.of("name", "flashvars", "css", "object#stickam_player param[name=flashvars]",
                                "attribute", "value"),
                        Map.of("name", "server", "from", "flashvars", "regex", "server=([^&]+)"),
                        Map.of("name", "streamId", "from", "flashvars", "regex", "streamId=(\\d+)"),
                        Map.of("name", "viewerKey", "from", "flashvars", "regex", "viewerKey=(\\w+)")),
                "output", "rtmp://{server}/" + StickamLikeSite.APP + "/{streamId} conn=S:{viewerKey} live=1");
    }

    private static synchronized String recipeName() {
        if (recipeName == null) {
            String name = "Stickam-like " + UUID.randomUUID().toString().substring(0, 6);
            io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON)
                    .body(recipe(name, SITE)).post("/api/v1/admin/sites").then().statusCode(201);
            recipeName = name;
        }
        return recipeName;
    }

    private static Api.Account userWithAccount(String password) {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("site", recipeName(), "username", StickamLikeSite.USER, "password", password,
                "loginUrl", SITE.url("/login"), "allowHttp", true))
                .post("/api/v1/site-accounts").then().statusCode(201);
        return user;
    }

    @Test
    void theServerRefusesAPlayerWithoutTheKey() {
        String stream = "rtmp://127.0.0.1:" + rtmp.port() + "/" + StickamLikeSite.APP + "/" + STREAM_ID;
        int before = rtmp.connections().size();
        for (List<String> extra : List.of(List.<String>of(), List.of("-C", "S:forged"))) {
            List<String> command = new ArrayList<>(List.of(PeerTools.RTMPDUMP.toString(), "-r", stream, "-v",
                    "-m", "5", "-o", "/dev/null"));
            command.addAll(extra);
            ToolRun run = ToolRun.execute(Duration.ofSeconds(20), command);
            assertFalse(run.succeeded(), "rtmpdump " + extra + " must not play: " + run.stderr());
        }
        List<ScriptedRtmpServer.Connection> tried = rtmp.connections().subList(before, rtmp.connections().size());
        assertEquals(2, tried.size());
        assertTrue(tried.stream().allMatch(ScriptedRtmpServer.Connection::wasRejected),
                "both connects were answered NetConnection.Connect.Rejected");
    }

    @Test
    void aBookedProfilePageIsRecordedAfterLoggingIn() throws Exception {
        String name = recipeName();
        Api.Account user = userWithAccount(StickamLikeSite.PASSWORD);
        int loginsBefore = SITE.logins();
        int connectionsBefore = rtmp.connections().size();
        Instant start = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
        JsonPath booked = PageBookings.book(user, "Mika live", SITE.url("/profile/mika"), start, WINDOW_SECONDS);
        int id = booked.getInt("id");
        assertEquals("recipe:" + name, booked.getString("resolution.via"), booked.prettify());
        String atBooking = booked.getString("resolution.source");
        String streamUrl = "rtmp://127.0.0.1:" + rtmp.port() + "/" + StickamLikeSite.APP + "/" + STREAM_ID;
        assertTrue(atBooking.startsWith(streamUrl + " conn=S:") && atBooking.endsWith(" live=1"), atBooking);

        JsonPath done = user.awaitFinal(id, start.plusSeconds(WINDOW_SECONDS + 40));
        assertEquals("COMPLETED", done.getString("state"), done.prettify());
        assertEquals("start", done.getString("resolution.phase"));
        assertEquals("recipe:" + name, done.getString("resolution.via"));
        String atStart = done.getString("resolution.source");
        assertNotEquals(atBooking, atStart, "the page was read again at the start and gave a fresh viewer key");
        assertTrue(SITE.logins() > loginsBefore, "the server logged in to the site");

        String key = atStart.substring(atStart.indexOf("conn=S:") + 7, atStart.indexOf(" live=1"));
        List<ScriptedRtmpServer.Connection> ours = rtmp.connections().subList(connectionsBefore,
                rtmp.connections().size());
        assertFalse(ours.isEmpty());
        assertTrue(ours.stream().noneMatch(ScriptedRtmpServer.Connection::wasRejected));
        assertEquals(List.of(key), ours.get(0).command("connect").orElseThrow().args(),
                "the viewer key of the page went as the extra connect argument");

        Path file = store.resolve(store.partPath(id, start, 1));
        MediaInfo info = MediaProbe.probe(file);
        System.out.printf("MEASURED stickam-like recording: %.3f s, %d video frames, %d audio frames%n",
                info.formatDurationSeconds(), info.videoFrames(), info.audioFrames());
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), info.codecNames().toString());
        assertEquals(WINDOW_SECONDS, info.formatDurationSeconds(), 1.5);
        assertEquals("", MediaProbe.decodeErrors(file));
    }

    @Test
    void aWrongSitePasswordWarnsBeforeTheStartAndFailsTheReservation() throws Exception {
        String name = recipeName();
        String failure = "login failed for " + name.toLowerCase() + ": the site said 'Incorrect member name or password'";
        Api.Account user = userWithAccount("not my password");
        Instant start = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        JsonPath booked = PageBookings.book(user, "Mika again", SITE.url("/profile/mika"), start, 5);
        int id = booked.getInt("id");
        assertEquals(failure, booked.getString("resolution.reason"), "booking is never blocked, but says why");
        assertNull(booked.getString("warning"), "no check has run yet");

        checks.checkDue();
        JsonPath warned = user.reservation(id);
        assertEquals("SCHEDULED", warned.getString("state"));
        assertEquals(failure, warned.getString("warning"));
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.request().get("/reservations/" + id).then().statusCode(200)
                .body(containsString("Before the start: login failed for " + name.toLowerCase()));
        browser.request().get("/reservations").then().statusCode(200).body(containsString("login problem"));

        JsonPath done = user.awaitFinal(id, start.plusSeconds(30));
        assertEquals("FAILED", done.getString("state"));
        assertEquals(failure, done.getString("stateReason"));
        assertNull(done.getString("warning"), "once ended, the state reason says it all");
    }
}
