package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Booking page addresses of the fixture sites through the API and the form, and what happens at their start. */
@QuarkusTest
class SiteBookingTest {

    @RegisterExtension
    static final FixtureSites SITES = new FixtureSites().channel("tokyo-live", "4711")
            .rtmpServer("rtmp://127.0.0.1:19350");

    private static Map<String, Object> booking(String source, Instant start, int seconds) {
        return Map.of("title", "Page show", "sourceUrl", source, "startAt", start.toString(), "durationSeconds", seconds);
    }

    private static JsonPath book(Api.Account user, String source) {
        return user.api().body(booking(source, Instant.now().plusSeconds(3600), 600)).post("/api/v1/reservations")
                .then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aChannelPageIsResolvedByThePluginAtBooking() {
        Api.Account user = Api.newUser("user");
        JsonPath view = book(user, SITES.url("/channel/tokyo-live"));
        assertEquals(SITES.url("/channel/tokyo-live"), view.getString("sourceUrl"), "the reservation keeps the page");
        assertEquals("amf-channel", view.getString("resolution.via"));
        assertEquals("booking", view.getString("resolution.phase"));
        assertTrue(view.getString("resolution.source").matches("rtmp://127\\.0\\.0\\.1:19350/ustreamVideo/4711\\?token=\\w+"),
                view.getString("resolution.source"));
        assertEquals("RTMP address in the AMF document " + SITES.url("/gateway/channel.amf?cid=4711") + " ('fmsUrl')",
                view.getString("resolution.origin"));
        assertEquals(List.of("amf-channel"), view.getList("resolution.candidates.resolver"));
        assertTrue(view.getString("history[0].reason").contains("Found " + view.getString("resolution.source")
                + " via amf-channel"), view.getString("history[0].reason"));
    }

    @Test
    void aModernPageIsResolvedByGenericDiscoveryAndAStreamByItself() {
        Api.Account user = Api.newUser("user");
        JsonPath modern = book(user, SITES.url("/modern"));
        assertEquals("generic", modern.getString("resolution.via"));
        assertEquals("https://cdn.example.test/live/88/master.m3u8?sig=a1b2", modern.getString("resolution.source"));
        JsonPath direct = book(user, "rtmp://127.0.0.1:1/live/x live=1");
        assertEquals("direct", direct.getString("resolution.via"));
        assertEquals("rtmp://127.0.0.1:1/live/x live=1", direct.getString("sourceUrl"));
        assertEquals("Booked by " + user.username() + ".", direct.getString("history[0].reason"));
    }

    @Test
    void resolvingWithoutBookingThroughTheApi() {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("sourceUrl", SITES.url("/og"))).post("/api/v1/reservations/resolution").then()
                .statusCode(200)
                .body("via", equalTo("generic"))
                .body("source", equalTo("https://cdn.example.test/og/live.m3u8"))
                .body("origin", equalTo("og:video:secure_url meta tag"));
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(0));
        user.api().body(Map.of("sourceUrl", "ftp://example.test/x")).post("/api/v1/reservations/resolution").then()
                .statusCode(400).body("fields.sourceUrl", org.hamcrest.Matchers.containsString("Paste the address"));
        user.api().body(Map.of()).post("/api/v1/reservations/resolution").then()
                .statusCode(400).body("fields.sourceUrl", org.hamcrest.Matchers.containsString("empty"));
    }

    @Test
    void aPageWithoutStreamIsSaidOnTheFormAndCanStillBeBooked() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String page = SITES.url("/nothing");
        browser.form("/reservations/new").with(browser.request())
                .formParam("title", "Friday show").formParam("sourceUrl", page).formParam("check", "1")
                .post("/reservations").then().statusCode(200)
                .body(containsString("data-resolution=\"none\""))
                // the test profile lets the playback-token plugin try every one-segment page of 127.0.0.1, too
                .body(containsString("No stream found: nothing on " + page + " looks like a stream this server can "
                        + "record (playback-token: no stream recognised; generic: no stream recognised). You can "
                        + "still book"))
                .body(containsString("value=\"Friday show\""));
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(0));

        Response booked = browser.form("/reservations/new").with(browser.request())
                .formParam("title", "Friday show").formParam("sourceUrl", page)
                .formParam("startAt", Instant.now().plusSeconds(3600).toString()).formParam("durationMinutes", "30")
                .post("/reservations");
        booked.then().statusCode(303);
        String id = booked.header("Location").replaceAll(".*/reservations/(\\d+).*", "$1");
        browser.request().get("/reservations/" + id).then().statusCode(200)
                .body(containsString("not found: nothing on " + page));
        user.api().get("/api/v1/reservations/" + id).then()
                .body("state", equalTo("SCHEDULED"))
                .body("resolution.source", equalTo(null))
                .body("resolution.reason", containsString("generic: no stream recognised"))
                .body("history[0].reason", containsString("It will be looked for again at the start time."));
    }

    @Test
    void theFormShowsWhatWasFoundAndWhere() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.form("/reservations/new").with(browser.request())
                .formParam("sourceUrl", SITES.url("/channel/tokyo-live")).formParam("check", "1")
                .post("/reservations").then().statusCode(200)
                .body(containsString("data-resolution=\"found\""))
                .body(matchesPattern("(?s).*Found: <code class=\"url\">rtmp://127\\.0\\.0\\.1:19350/ustreamVideo/4711\\?"
                        + "token=\\w+</code> via amf-channel \\(RTMP address in the AMF document .*"));
    }

    @Test
    void aSiteThatIsDownDoesNotStopTheBooking() {
        Api.Account user = Api.newUser("user");
        int closed = PeerTools.freePort();
        JsonPath view = book(user, "http://127.0.0.1:" + closed + "/live/show");
        assertEquals("SCHEDULED", view.getString("state"));
        assertTrue(view.getString("resolution.reason").contains("generic: failed: Could not load the page from 127.0.0.1: "
                + "the connection was refused."), view.getString("resolution.reason"));
        assertEquals(List.of("generic: failed: Could not load the page from 127.0.0.1: the connection was refused."),
                view.getList("resolution.failures"));
    }

    @Test
    void unreachableHlsSourcesFailWithTheirReasonAndAPageWithoutStreamAtTheBookedEnd() throws Exception {
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plusSeconds(3);
        int hls = user.api().body(booking("http://127.0.0.1:" + SITES.port() + "/hls/x/index.m3u8", start, 20))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        int modern = user.api().body(booking(SITES.url("/modern"), start, 20)).post("/api/v1/reservations")
                .then().statusCode(201).extract().path("id");
        int nothing = user.api().body(booking(SITES.url("/nothing"), start, 20)).post("/api/v1/reservations")
                .then().statusCode(201).extract().path("id");
        for (int id : new int[] {hls, modern, nothing}) {
            user.awaitFinal(id, Instant.now().plusSeconds(40));
        }
        // A playlist that is not there is asked for again until the booked end, like a stream that is not up.
        user.api().get("/api/v1/reservations/" + hls).then().body("state", equalTo("FAILED"))
                .body("stateReason", containsString("never became available"))
                .body("stateReason", containsString("the playlist answered HTTP 404"));
        // A page leading to a host that does not exist cannot be recorded.
        user.api().get("/api/v1/reservations/" + modern).then().body("state", equalTo("FAILED"))
                .body("stateReason", containsString("The host 'cdn.example.test' was not found."))
                .body("resolution.phase", equalTo("start"))
                .body("history.reason", org.hamcrest.Matchers.hasItem(containsString(
                        "Looked at the page again: Found https://cdn.example.test/live/88/master.m3u8?sig=a1b2 via generic")));
        // A page without a stream is asked again until the booked end, and noted in the history once.
        user.api().get("/api/v1/reservations/" + nothing).then().body("state", equalTo("FAILED"))
                .body("stateReason", containsString("never became available"))
                .body("stateReason", containsString("No stream found on the page: nothing on " + SITES.url("/nothing")))
                .body("stateReason", not(containsString("Exception")))
                .body("history.findAll { it.reason.startsWith('Looked at the page again') }.size()", equalTo(1));
    }
}
