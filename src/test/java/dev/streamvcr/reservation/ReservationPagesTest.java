package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReservationPagesTest {

    @Inject
    ReservationStates states;

    @Inject
    dev.streamvcr.recording.RecordingFixture recordings;

    @Test
    void bookingFormKeepsWhatWasTypedAndMarksTheFields() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        BrowserSession.Form form = browser.form("/reservations/new");
        form.with(browser.request())
                .formParam("title", "My show")
                .formParam("sourceUrl", "ftp://example.com/x")
                .formParam("startAt", "2020-01-01T10:00")
                .formParam("durationMinutes", "30")
                .formParam("timeZone", "Europe/Berlin")
                .post("/reservations")
                .then().statusCode(400)
                .body(containsString("Paste the address of a page that announces the broadcast (http:// or https://) "
                        + "or of a stream (rtmp://, rtmps:// or an .m3u8 playlist)."))
                .body(containsString("The start time is in the past."))
                .body(containsString("value=\"My show\""))
                .body(containsString("value=\"ftp://example.com/x\""))
                .body(containsString("nothing was booked"));
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(0));
    }

    @Test
    void localTimesAreReadInTheBrowsersZoneAndTheDetailPageShowsTheHistory() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDateTime start = LocalDateTime.now(tokyo).plusHours(2).truncatedTo(ChronoUnit.MINUTES);
        Response created = browser.form("/reservations/new").with(browser.request())
                .formParam("title", "Tokyo evening")
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/tokyo")
                .formParam("startAt", start.toString())
                .formParam("endAt", start.plusMinutes(45).toString())
                .formParam("timeZone", "Asia/Tokyo")
                .post("/reservations");
        created.then().statusCode(303);
        String location = created.header("Location");
        String id = location.replaceAll(".*/reservations/(\\d+).*", "$1");
        user.api().get("/api/v1/reservations/" + id).then()
                .body("startAt", equalTo(start.atZone(tokyo).toInstant().toString()))
                .body("durationSeconds", equalTo(2700));
        browser.request().get("/reservations/" + id).then().statusCode(200)
                .body(containsString("Tokyo evening"))
                .body(containsString("Booked by " + user.username()))
                .body(containsString("Cancel booking"));
        browser.request().get("/reservations").then().statusCode(200).body(containsString("Tokyo evening"));

        browser.form("/reservations/" + id).with(browser.request())
                .post("/reservations/" + id + "/cancel").then().statusCode(303);
        Response events = browser.request().accept("text/event-stream").get("/reservations/" + id + "/events");
        events.then().statusCode(200);
        assertTrue(events.body().asString().contains("\"state\":\"CANCELLED\""), events.body().asString());
    }

    @Test
    void changesRidingOnTheSessionCookieMustComeFromOurPages() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        // What another site on the same host can send with the cookie attached: a "simple" text/plain request.
        browser.request().contentType("text/plain").body("x").post("/reservations/" + id + "/cancel")
                .then().statusCode(403).body(containsString("must come from a StreamVCR page"));
        browser.request().contentType("text/plain").body("x").delete("/api/v1/reservations/" + id)
                .then().statusCode(403).body("error", containsString("X-CSRF-TOKEN"));
        browser.request().contentType("text/plain").body("x").post("/logout").then().statusCode(403);
        user.api().get("/api/v1/reservations/" + id).then().body("state", equalTo("SCHEDULED"));
        browser.request().get("/reservations").then().statusCode(200);

        BrowserSession.Form form = browser.form("/reservations/" + id);
        browser.request().cookie("streamvcr-csrf", form.cookie()).header("X-CSRF-TOKEN", form.token())
                .delete("/api/v1/reservations/" + id).then().statusCode(200).body("state", equalTo("CANCELLED"));
    }

    @Test
    void theStoppingNoticeGoesOnceTheRecordingHasEnded() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        states.set(id, ReservationState.RECORDING, true);
        String stopping = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
        assertTrue(stopping.contains("Stopping… what was recorded is kept."), stopping);
        assertTrue(stopping.contains("data-live=\"/reservations/" + id + "/events\""),
                "the page keeps listening, so it shows the end of the recording: " + stopping);

        states.set(id, ReservationState.COMPLETED, true);
        String completed = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
        assertTrue(completed.contains("Completed"), completed);
        assertFalse(completed.contains("Stopping…"), completed);
        assertFalse(completed.contains("data-live="), completed);
    }

    @Test
    void theBookingFormPicksMinutesAndTheDetailPageSaysWhatItsRecordingButtonDoes() throws Exception {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String form = browser.request().get("/reservations/new").then().statusCode(200).extract().asString();
        assertTrue(form.contains("<input name=\"startAt\" type=\"datetime-local\" step=\"60\""), form);
        assertTrue(form.contains("<input name=\"endAt\" type=\"datetime-local\" step=\"60\""), form);

        long recordingId = recordings.finishedRecording(user.username(), "Kept show", new byte[] {1, 2, 3});
        int id = user.api().get("/api/v1/reservations").then().statusCode(200).extract()
                .path("find { it.title == 'Kept show' }.id");
        String page = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
        assertTrue(page.contains("<a class=\"button secondary\" href=\"/recordings/" + recordingId
                + "\">Open recording</a>"), page);
    }

    @Test
    void instantsInAReasonAreShownAsTheOtherTimesOfThePage() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        states.end(id, ReservationState.FAILED, "The stream never became available between 2026-12-04T13:01:20Z and "
                + "2026-12-04T14:01:20.500Z. Last problem: <refused>");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String page = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
        String shown = "The stream never became available between <time datetime=\"2026-12-04T13:01:20Z\">2026-12-04 "
                + "13:01:20 UTC</time> and <time datetime=\"2026-12-04T14:01:20.500Z\">2026-12-04 14:01:20 UTC</time>. "
                + "Last problem: &lt;refused&gt;";
        assertTrue(page.contains("data-field=\"stateReason\" data-reason=\"The stream never became available between "
                + "2026-12-04T13:01:20Z and 2026-12-04T14:01:20.500Z. Last problem: &lt;refused&gt;\">" + shown + "</p>"),
                page);
        assertTrue(page.contains("<span class=\"reason\">" + shown + "</span>"), "the history too: " + page);
        assertFalse(page.contains(">2026-12-04T13:01:20Z"), page);
    }

    @Test
    void cancellingAndStoppingAskFirst() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String detail = browser.request().get("/reservations/" + id).then().statusCode(200).extract().asString();
        assertFalse(detail.contains("action=\"/reservations/" + id + "/cancel\""), "no one-click cancel: " + detail);
        assertTrue(detail.contains("href=\"/reservations/" + id + "/cancel\""), detail);
        browser.request().get("/reservations/" + id + "/cancel").then().statusCode(200)
                .body(containsString("Cancel “Evening show”?"))
                .body(containsString("action=\"/reservations/" + id + "/cancel\""))
                .body(containsString("Keep it"));
        user.api().get("/api/v1/reservations/" + id).then().body("state", equalTo("SCHEDULED"));

        states.set(id, ReservationState.RECORDING, false);
        browser.request().get("/reservations/" + id + "/cancel").then().statusCode(200)
                .body(containsString("Stop recording “Evening show”?"))
                .body(containsString("What was recorded so far is kept."));
        browser.form("/reservations/" + id + "/cancel").with(browser.request())
                .post("/reservations/" + id + "/cancel").then().statusCode(303);
        user.api().get("/api/v1/reservations/" + id).then().body("stopRequested", equalTo(true));
        // Already stopping: the question is not asked again.
        browser.request().get("/reservations/" + id + "/cancel").then().statusCode(303)
                .header("Location", containsString("/reservations/" + id));
        states.set(id, ReservationState.COMPLETED, true);
    }

    @Test
    void anotherUsersReservationPageIsNotFound() {
        Api.Account alice = Api.newUser("user");
        Api.Account bob = Api.newUser("user");
        int id = alice.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(bob.username(), bob.password());
        browser.request().get("/reservations/" + id).then().statusCode(404)
                .body(containsString("There is no reservation " + id));
        browser.request().get("/reservations/" + id + "/events").then().statusCode(404);
    }
}
