package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** "Record now" and the edit form in the pages. */
@QuarkusTest
class RecordNowAndEditPagesTest {

    @Inject
    ReservationStates states;

    @Test
    void recordNowFromTheReservationsPageStartsAtOnce() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String list = browser.request().get("/reservations").then().statusCode(200).extract().asString();
        assertTrue(list.contains("data-record-now") && list.contains("60 minutes")
                && list.contains("until I stop it (at most 24 h)"), list);
        Instant before = Instant.now();
        Response created = browser.form("/reservations").with(browser.request())
                .formParam("now", "1").formParam("title", "Quick one")
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/quick").formParam("length", "open")
                .post("/reservations");
        created.then().statusCode(303);
        String id = created.header("Location").replaceAll(".*/reservations/(\\d+).*", "$1");
        Instant start = Instant.parse(user.api().get("/api/v1/reservations/" + id).then()
                .body("durationSeconds", equalTo(24 * 3600))
                .body("history[0].reason", equalTo("Recording now, booked by " + user.username() + "."))
                .extract().path("startAt"));
        assertFalse(start.isBefore(before.minusSeconds(1)), start.toString());
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
    }

    @Test
    void recordNowWithBadInputShowsTheFormWithTheFieldsMarked() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String page = browser.form("/reservations").with(browser.request())
                .formParam("now", "1").formParam("title", "").formParam("sourceUrl", "rtmp://10.1.2.3/live/x")
                .post("/reservations").then().statusCode(400).extract().asString();
        assertTrue(page.contains("Give the recording a title."), page);
        assertTrue(page.contains("private address"), page);
        assertTrue(page.contains("nothing was booked"), page);
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(0));
    }

    @Test
    void theEditFormIsPrefilledAndSavesEachChangeToTheHistory() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.request().get("/reservations/" + id).then().statusCode(200)
                .body(containsString("href=\"/reservations/" + id + "/edit\">Edit</a>"));
        String form = browser.request().get("/reservations/" + id + "/edit").then().statusCode(200).extract().asString();
        assertTrue(form.contains("value=\"Evening show\""), form);
        assertTrue(form.contains("value=\"rtmp://127.0.0.1:1/live/show\""), form);
        assertTrue(form.contains("name=\"startAt\""), form);

        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDateTime end = LocalDateTime.now(berlin).plusHours(3).truncatedTo(ChronoUnit.MINUTES);
        Instant booked = Instant.parse(user.api().get("/api/v1/reservations/" + id).then().extract().path("startAt"));
        String startAsShown = LocalDateTime.ofInstant(booked, berlin).truncatedTo(ChronoUnit.MINUTES).toString();
        browser.form("/reservations/" + id + "/edit").with(browser.request())
                .formParam("title", "Evening show, extended").formParam("sourceUrl", "rtmp://127.0.0.1:1/live/show")
                .formParam("startAt", startAsShown).formParam("endAt", end.toString())
                .formParam("timeZone", "Europe/Berlin")
                .post("/reservations/" + id + "/edit").then().statusCode(303)
                .header("Location", containsString("/reservations/" + id));
        String history = user.api().get("/api/v1/reservations/" + id).then()
                .body("title", equalTo("Evening show, extended"))
                .body("startAt", equalTo(booked.toString()))
                .body("endAt", equalTo(end.atZone(berlin).toInstant().toString()))
                .extract().path("history[1].reason");
        assertTrue(history.startsWith("Title changed from \"Evening show\" to \"Evening show, extended\" by "
                + user.username() + ". End changed from "), history);
        assertFalse(history.contains("Start changed"), "the start sent back as shown keeps its seconds: " + history);
    }

    @Test
    void theEditFormMarksBadFieldsAndChangesNothing() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        LocalDateTime start = LocalDateTime.now(ZoneId.of("UTC")).plusHours(2).truncatedTo(ChronoUnit.MINUTES);
        String page = browser.form("/reservations/" + id + "/edit").with(browser.request())
                .formParam("title", "Evening show").formParam("sourceUrl", "rtmp://127.0.0.1:1/live/show")
                .formParam("startAt", start.toString()).formParam("endAt", start.minusMinutes(30).toString())
                .formParam("timeZone", "UTC")
                .post("/reservations/" + id + "/edit").then().statusCode(400).extract().asString();
        assertTrue(page.contains("The end must be after the start."), page);
        assertTrue(page.contains("nothing was changed"), page);
        assertTrue(page.contains("value=\"" + start + "\""), "what was typed is kept: " + page);
        user.api().get("/api/v1/reservations/" + id).then().body("history.size()", equalTo(1));
    }

    @Test
    void aRunningRecordingsFormOffersOnlyTheEndAndAFinishedOneNone() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        states.set(id, ReservationState.RECORDING, false);
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.request().get("/reservations/" + id).then().body(containsString("Change end"));
        String form = browser.request().get("/reservations/" + id + "/edit").then().statusCode(200).extract().asString();
        assertTrue(form.contains("name=\"endAt\""), form);
        assertFalse(form.contains("name=\"title\""), form);
        assertFalse(form.contains("name=\"startAt\""), form);

        states.end(id, ReservationState.COMPLETED, "The booked end came.");
        browser.request().redirects().follow(false).get("/reservations/" + id + "/edit").then().statusCode(303);
        String refused = browser.form("/reservations/" + id).with(browser.request())
                .formParam("endAt", "2030-01-01T10:00").formParam("timeZone", "UTC")
                .post("/reservations/" + id + "/edit").then().statusCode(409).extract().asString();
        assertTrue(refused.contains("already completed"), refused);
        assertFalse(refused.contains("Exception"), refused);
    }

    @Test
    void anotherUsersEditFormIsNotFound() {
        Api.Account alice = Api.newUser("user");
        Api.Account bob = Api.newUser("user");
        int id = alice.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(bob.username(), bob.password());
        assertEquals(404, browser.request().get("/reservations/" + id + "/edit").statusCode());
        browser.form("/reservations").with(browser.request()).formParam("title", "Mine")
                .post("/reservations/" + id + "/edit").then().statusCode(404);
        alice.api().get("/api/v1/reservations/" + id).then().body("title", equalTo("Evening show"));
    }
}
