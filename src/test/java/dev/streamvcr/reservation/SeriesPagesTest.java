package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The series pages: the form, the series page with its occurrences, Skip, edit and End. */
@QuarkusTest
class SeriesPagesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aSeriesBookedFromTheFormListsItsOccurrencesAndSkipsOne() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String form = browser.request().get("/series/new").then().statusCode(200).extract().asString();
        assertTrue(form.contains("name=\"weekdays\" value=\"MON\"") && form.contains("name=\"count\""), form);
        browser.request().get("/reservations/new").then().body(containsString("href=\"/series/new\""));

        LocalDate monday = LocalDate.now(BERLIN).plusDays(1);
        while (monday.getDayOfWeek() != java.time.DayOfWeek.MONDAY) {
            monday = monday.plusDays(1);
        }
        Response created = browser.form("/series/new").with(browser.request())
                .formParam("title", "Talk show").formParam("sourceUrl", "rtmp://127.0.0.1:1/live/talk")
                .formParam("repeat", "weekly").formParam("weekdays", "MON").formParam("weekdays", "THU")
                .formParam("startDate", monday.toString()).formParam("startTime", "20:00")
                .formParam("endTime", "21:00").formParam("count", "6").formParam("until", "")
                .formParam("timeZone", "Europe/Berlin").post("/series");
        created.then().statusCode(303);
        String path = java.net.URI.create(created.header("Location")).getPath();
        assertTrue(path.matches("/series/\\d+"), path);
        String page = browser.request().get(path + "?booked=1").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Series booked."), page);
        assertTrue(page.contains("Every Monday and Thursday at 20:00 (Europe/Berlin) for 60 minutes"), page);
        assertEquals(6, page.split("data-date=\"").length - 1, page);
        assertEquals(6, page.split(">Skip</a>").length - 1, "every future occurrence can be skipped, after a question");
        assertTrue(page.contains("Scheduled") && page.contains("Not booked yet"), page);
        int firstReservation = user.api().get("/api/v1" + path).then().extract().path("occurrences[0].reservationId");
        browser.request().get("/reservations/" + firstReservation).then().statusCode(200)
                .body(containsString("<a href=\"" + path + "\">An occurrence of a series</a>"));

        String skip = path + "/occurrences/" + monday + "/skip";
        browser.request().get(skip).then().statusCode(200).body(containsString("action=\"" + skip + "\""))
                .body(containsString("Keep it booked"));
        assertEquals("SCHEDULED", user.api().get("/api/v1" + path).then().extract().path("occurrences[0].state"),
                "asking changes nothing");
        browser.form(skip).with(browser.request()).post(skip).then().statusCode(303);
        JsonPath series = user.api().get("/api/v1" + path).then().extract().jsonPath();
        assertEquals("CANCELLED", series.getString("occurrences[0].state"));
        assertEquals(5, browser.request().get(path).then().extract().asString().split(">Skip</a>").length - 1);
        browser.request().get(skip).then().statusCode(409).body(containsString("can still be skipped"));
        String again = browser.form(path + "/end").with(browser.request()).post(skip).then().statusCode(409).extract().asString();
        assertTrue(again.contains("is already cancelled"), again);
    }

    @Test
    void aBadSeriesShowsTheFormWithTheFieldsMarkedAndBooksNothing() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String page = browser.form("/series/new").with(browser.request())
                .formParam("title", "No days").formParam("sourceUrl", "rtmp://127.0.0.1:1/live/x")
                .formParam("repeat", "weekly").formParam("startTime", "20:00").formParam("endTime", "21:00")
                .formParam("count", "10000").formParam("timeZone", "Europe/Berlin")
                .post("/series").then().statusCode(400).extract().asString();
        assertTrue(page.contains("Choose at least one weekday for a weekly series."), page);
        assertTrue(page.contains("A series records 1 to 500 times"), page);
        assertTrue(page.contains("nothing was booked"), page);
        assertTrue(page.contains("value=\"No days\""), "what was typed is kept");
        String notANumber = browser.form("/series/new").with(browser.request())
                .formParam("title", "Word").formParam("sourceUrl", "rtmp://127.0.0.1:1/live/x")
                .formParam("repeat", "daily").formParam("startTime", "20:00").formParam("endTime", "21:00")
                .formParam("count", "ten").post("/series").then().statusCode(400).extract().asString();
        assertTrue(notANumber.contains("&#39;ten&#39; is not a whole number of times."), notANumber);
        user.api().get("/api/v1/series").then().body("size()", equalTo(0));
    }

    @Test
    void editingAndEndingFromThePagesAndAnotherUsersSeriesIsNotFound() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(SeriesApiTest.daily("Daily news")).post("/api/v1/series").then().statusCode(201)
                .extract().path("id");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String edit = browser.request().get("/series/" + id + "/edit").then().statusCode(200).extract().asString();
        assertTrue(edit.contains("value=\"Daily news\"") && edit.contains("value=\"20:00\"")
                && edit.contains("value=\"21:30\"") && edit.contains("value=\"10\""), edit);
        assertTrue(edit.contains("Times are in Europe/Berlin, the series' time zone."), edit);
        browser.form("/series/" + id + "/edit").with(browser.request())
                .formParam("title", "Daily news, late").formParam("sourceUrl", "rtmp://127.0.0.1:1/live/show")
                .formParam("repeat", "daily").formParam("startDate", LocalDate.now(BERLIN).plusDays(1).toString())
                .formParam("startTime", "22:00").formParam("endTime", "23:00").formParam("count", "10")
                .formParam("until", "").formParam("timeZone", "Europe/Berlin")
                .post("/series/" + id + "/edit").then().statusCode(303);
        JsonPath series = user.api().get("/api/v1/series/" + id).then().body("title", equalTo("Daily news, late"))
                .body("startTime", equalTo("22:00")).body("durationSeconds", equalTo(3600)).extract().jsonPath();
        int first = series.getInt("occurrences[0].reservationId");
        user.api().get("/api/v1/reservations/" + first).then().body("title", equalTo("Daily news, late"))
                .body("history.reason", org.hamcrest.Matchers.hasItem(containsString("by " + user.username())));

        String confirm = browser.request().get("/series/" + id + "/end").then().statusCode(200).extract().asString();
        assertTrue(confirm.contains("occurrences that have not started are cancelled"), confirm);
        browser.form("/series/" + id + "/end").with(browser.request()).post("/series/" + id + "/end").then()
                .statusCode(303);
        List<String> states = user.api().get("/api/v1/series/" + id).then().extract().jsonPath()
                .getList("occurrences.state");
        assertTrue(!states.isEmpty() && states.stream().allMatch("CANCELLED"::equals), states.toString());
        String ended = browser.request().get("/series/" + id).then().statusCode(200).extract().asString();
        assertTrue(ended.contains("Ended") && !ended.contains(">Skip</button>") && !ended.contains("Edit series"), ended);

        Api.Account other = Api.newUser("user");
        BrowserSession stranger = BrowserSession.login(other.username(), other.password());
        stranger.request().get("/series/" + id).then().statusCode(404);
        stranger.request().get("/series/" + id + "/edit").then().statusCode(404);
    }
}
