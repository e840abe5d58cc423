package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Series in the JSON API. The source is refused at once, and every occurrence lies in the future. */
@QuarkusTest
class SeriesApiTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject
    SeriesService service;

    /** A daily series at 20:00 Berlin time from tomorrow, ten times. */
    static Map<String, Object> daily(String title) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("sourceUrl", "rtmp://127.0.0.1:1/live/show");
        body.put("repeat", "daily");
        body.put("startDate", LocalDate.now(BERLIN).plusDays(1).toString());
        body.put("startTime", "20:00");
        body.put("endTime", "21:30");
        body.put("count", 10);
        body.put("timeZone", "Europe/Berlin");
        return body;
    }

    private static List<Map<String, Object>> occurrences(JsonPath series) {
        return series.getList("occurrences");
    }

    @Test
    void aSeriesBooksItsOccurrencesWithinTheHorizonAsOrdinaryReservations() {
        Api.Account user = Api.newUser("user");
        JsonPath series = user.api().body(daily("News")).post("/api/v1/series").then().statusCode(201)
                .body("repeat", equalTo("daily")).body("durationSeconds", equalTo(5400))
                .body("summary", containsString("Every day at 20:00 (Europe/Berlin) for 90 minutes"))
                .extract().jsonPath();
        List<Map<String, Object>> occurrences = occurrences(series);
        assertEquals(10, occurrences.size(), "booked ones, then the rest of the ten");
        Instant horizon = Instant.now().plus(Duration.ofDays(7));
        LocalDate first = LocalDate.now(BERLIN).plusDays(1);
        for (int i = 0; i < occurrences.size(); i++) {
            Map<String, Object> occurrence = occurrences.get(i);
            Instant start = Instant.parse((String) occurrence.get("startAt"));
            assertEquals(i + 1, occurrence.get("number"));
            assertEquals(first.plusDays(i).toString(), occurrence.get("date"));
            assertEquals(LocalTime.of(20, 0), start.atZone(BERLIN).toLocalTime(), "20:00 stays 20:00: " + occurrence);
            assertEquals(start.isBefore(horizon), occurrence.get("reservationId") != null, occurrence.toString());
        }
        int reservationId = (Integer) occurrences.get(0).get("reservationId");
        user.api().get("/api/v1/reservations/" + reservationId).then().statusCode(200)
                .body("title", equalTo("News")).body("state", equalTo("SCHEDULED"))
                .body("durationSeconds", equalTo(5400))
                .body("history[0].reason", equalTo("Booked by " + user.username()
                        + " as occurrence 1 of the series \"News\"."));

        long booked = occurrences.stream().filter(o -> o.get("reservationId") != null).count();
        service.topUp(series.getLong("id"));
        service.topUp(series.getLong("id"));
        assertEquals(booked, occurrences(user.api().get("/api/v1/series/" + series.getInt("id")).then()
                .statusCode(200).extract().jsonPath()).stream().filter(o -> o.get("reservationId") != null).count(),
                "a top-up books nothing twice");
        user.api().get("/api/v1/series").then().statusCode(200).body("size()", equalTo(1))
                .body("[0].title", equalTo("News"));
    }

    @Test
    void badSeriesAreRefusedNamingTheFieldAndBookNothing() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> noDay = daily("No day");
        noDay.put("repeat", "weekly");
        noDay.put("weekdays", List.of());
        user.api().body(noDay).post("/api/v1/series").then().statusCode(400)
                .body("fields.weekdays", equalTo("Choose at least one weekday for a weekly series."));

        Map<String, Object> endsBefore = daily("Ends before");
        endsBefore.remove("count");
        endsBefore.put("until", LocalDate.now(BERLIN).toString());
        user.api().body(endsBefore).post("/api/v1/series").then().statusCode(400)
                .body("fields.until", containsString("is before the start date"));

        for (int count : new int[] {0, 10_000}) {
            Map<String, Object> body = daily("Count " + count);
            body.put("count", count);
            user.api().body(body).post("/api/v1/series").then().statusCode(400)
                    .body("fields.count", containsString("A series records 1 to 500 times"));
        }

        Map<String, Object> booking = daily("  ");
        booking.put("sourceUrl", "rtmp://10.1.2.3/live/x");
        booking.put("endTime", "19:00"); // the next day: 23 hours is within the 24 h maximum
        booking.put("weekdays", List.of("MON", "XYZ"));
        booking.put("repeat", "weekly");
        user.api().body(booking).post("/api/v1/series").then().statusCode(400)
                .body("fields.weekdays", containsString("'XYZ' is not a weekday"));
        booking.put("weekdays", List.of("MON"));
        user.api().body(booking).post("/api/v1/series").then().statusCode(400)
                .body("fields.title", containsString("Give the recording a title"))
                .body("fields.sourceUrl", containsString("private address"));

        Map<String, Object> tooLong = daily("Too long");
        tooLong.remove("endTime");
        tooLong.put("durationSeconds", 25 * 3600);
        user.api().body(tooLong).post("/api/v1/series").then().statusCode(400)
                .body("fields.durationSeconds", containsString("at most 24 h"));

        user.api().get("/api/v1/series").then().body("size()", equalTo(0));
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(0));
    }

    @Test
    void anotherUsersSeriesIsNotFound() {
        Api.Account owner = Api.newUser("user");
        Api.Account other = Api.newUser("user");
        JsonPath series = owner.api().body(daily("Mine")).post("/api/v1/series").then().statusCode(201)
                .extract().jsonPath();
        int id = series.getInt("id");
        String date = (String) occurrences(series).get(0).get("date");
        other.api().get("/api/v1/series/" + id).then().statusCode(404);
        other.api().body(Map.of("title", "Taken")).patch("/api/v1/series/" + id).then().statusCode(404);
        other.api().post("/api/v1/series/" + id + "/occurrences/" + date + "/skip").then().statusCode(404);
        other.api().delete("/api/v1/series/" + id).then().statusCode(404);
        other.api().get("/api/v1/series").then().body("size()", equalTo(0));
        owner.api().get("/api/v1/series/" + id).then().statusCode(200).body("title", equalTo("Mine"))
                .body("endedAt", equalTo(null));
    }

    @Test
    void skippingCancelsABookedOccurrenceAndKeepsALaterOneFromBeingBooked() {
        Api.Account user = Api.newUser("user");
        JsonPath series = user.api().body(daily("Skip")).post("/api/v1/series").then().statusCode(201)
                .extract().jsonPath();
        int id = series.getInt("id");
        List<Map<String, Object>> occurrences = occurrences(series);
        Map<String, Object> booked = occurrences.get(1);
        Map<String, Object> later = occurrences.get(9);
        assertTrue(later.get("reservationId") == null, later.toString());

        JsonPath after = user.api().post("/api/v1/series/" + id + "/occurrences/" + booked.get("date") + "/skip")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("CANCELLED", occurrences(after).get(1).get("state"));
        assertEquals(false, occurrences(after).get(1).get("skippable"));
        user.api().get("/api/v1/reservations/" + booked.get("reservationId")).then()
                .body("state", equalTo("CANCELLED")).body("stateReason", equalTo("Skipped by " + user.username() + "."));

        after = user.api().post("/api/v1/series/" + id + "/occurrences/" + later.get("date") + "/skip")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> skipped = occurrences(after).get(9);
        assertEquals("CANCELLED", skipped.get("state"), skipped.toString());
        assertEquals(10, skipped.get("number"));
        assertEquals(10, occurrences(after).size(), "a skipped occurrence still counts");

        user.api().post("/api/v1/series/" + id + "/occurrences/" + later.get("date") + "/skip").then().statusCode(409)
                .body("error", containsString("already cancelled"));
        user.api().post("/api/v1/series/" + id + "/occurrences/" + LocalDate.now(BERLIN).plusYears(1) + "/skip")
                .then().statusCode(404);
        user.api().post("/api/v1/series/" + id + "/occurrences/tomorrow/skip").then().statusCode(400)
                .body("fields.date", containsString("is not a date"));
    }

    @Test
    void editingMovesTheBookedOccurrencesWithWhoChangedThemAndEndingCancelsTheRest() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = daily("Weekly");
        body.put("repeat", "weekly");
        body.put("weekdays", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"));
        body.remove("count");
        JsonPath series = user.api().body(body).post("/api/v1/series").then().statusCode(201).extract().jsonPath();
        int id = series.getInt("id");
        List<Map<String, Object>> before = occurrences(series).stream().filter(o -> o.get("reservationId") != null)
                .toList();
        assertTrue(before.size() >= 6, before.toString());

        LocalDate first = LocalDate.now(BERLIN).plusDays(1);
        String kept = first.getDayOfWeek().name().substring(0, 3);
        JsonPath edited = user.api().body(Map.of("title", "Weekly, later", "startTime", "21:00",
                "weekdays", List.of(kept))).patch("/api/v1/series/" + id).then().statusCode(200)
                .body("weekdays", equalTo(List.of(kept))).body("startTime", equalTo("21:00"))
                .extract().jsonPath();
        for (Map<String, Object> occurrence : before) {
            JsonPath reservation = user.reservation((Integer) occurrence.get("reservationId"));
            LocalDate date = LocalDate.parse((String) occurrence.get("date"));
            if (date.getDayOfWeek() == first.getDayOfWeek()) {
                assertEquals("SCHEDULED", reservation.getString("state"));
                assertEquals(LocalTime.of(21, 0), Instant.parse(reservation.getString("startAt")).atZone(BERLIN)
                        .toLocalTime());
                assertEquals(5400, reservation.getInt("durationSeconds"));
                String history = reservation.getString("history.reason");
                assertTrue(history.contains("Title changed from \"Weekly\" to \"Weekly, later\" by "
                        + user.username()) && history.contains("Start changed from"), history);
            } else {
                assertEquals("CANCELLED", reservation.getString("state"));
                assertTrue(reservation.getString("stateReason").contains("by " + user.username()
                        + ": it no longer falls on one of its days"), reservation.getString("stateReason"));
            }
        }
        assertTrue(occurrences(edited).stream().filter(o -> o.get("number") != null)
                .allMatch(o -> LocalDate.parse((String) o.get("date")).getDayOfWeek() == first.getDayOfWeek()),
                occurrences(edited).toString());

        user.api().body(Map.of("count", 0)).patch("/api/v1/series/" + id).then().statusCode(400)
                .body("fields.count", containsString("1 to 500"));

        JsonPath ended = user.api().delete("/api/v1/series/" + id).then().statusCode(200).extract().jsonPath();
        assertTrue(ended.getString("endedAt") != null);
        for (Map<String, Object> occurrence : occurrences(ended)) {
            assertEquals("CANCELLED", occurrence.get("state"), occurrence.toString());
        }
        int last = (Integer) occurrences(ended).get(0).get("reservationId");
        user.api().get("/api/v1/reservations/" + last).then()
                .body("stateReason", equalTo("The series \"Weekly, later\" was ended by " + user.username() + "."));
        user.api().body(Map.of("title", "Again")).patch("/api/v1/series/" + id).then().statusCode(409)
                .body("error", containsString("has ended"));
        user.api().delete("/api/v1/series/" + id).then().statusCode(409);
    }

    @Test
    void aTopUpBooksOccurrencesAsTheyComeWithinTheHorizonAndSaysWhyWhenItCannot() {
        Api.Account user = Api.newUser("user");
        JsonPath series = user.api().body(daily("Topped up")).post("/api/v1/series").then().statusCode(201)
                .extract().jsonPath();
        long id = series.getLong("id");
        List<Map<String, Object>> booked = occurrences(series).stream().filter(o -> o.get("reservationId") != null)
                .toList();
        LocalDate third = LocalDate.parse((String) booked.get(2).get("date"));
        // as if the horizon had reached only the first two so far
        forgetBookingsFrom(id, third);
        assertEquals(2, bookedCount(user, id));

        service.topUp(id);
        JsonPath topped = user.api().get("/api/v1/series/" + id).then().body("problem", equalTo(null)).extract()
                .jsonPath();
        assertEquals(booked.size(), bookedCount(user, id));
        int later = (Integer) occurrences(topped).get(2).get("reservationId");
        user.api().get("/api/v1/reservations/" + later).then().body("state", equalTo("SCHEDULED"))
                .body("history[0].reason", equalTo("Booked for " + user.username()
                        + " by the series \"Topped up\" (occurrence 3)."));

        // the admission checks apply to each occurrence as it is booked: a full quota stops the next ones
        long userId = Api.userId(user.username());
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).contentType("application/json")
                .body(Map.of("quotaBytes", 0)).put("/api/v1/storage/users/" + userId).then().statusCode(200);
        forgetBookingsFrom(id, third);
        service.topUp(id);
        user.api().get("/api/v1/series/" + id).then()
                .body("problem", containsString("The occurrence on " + third + " could not be booked: Your recordings use"))
                .body("problem", containsString("quota"));
        assertEquals(2, bookedCount(user, id));
    }

    @Test
    void theSeriesEndpointsAreDescribedInOpenApi() {
        String spec = io.restassured.RestAssured.given().get("/q/openapi").then().statusCode(200).extract().asString();
        for (String path : List.of("/api/v1/series:", "/api/v1/series/{id}:",
                "/api/v1/series/{id}/occurrences/{date}/skip:")) {
            assertTrue(spec.contains(path), path);
        }
        assertTrue(spec.contains("Book a series") && spec.contains("Skip one occurrence") && spec.contains("End a series"));
    }

    private static void forgetBookingsFrom(long seriesId, LocalDate from) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> Reservation.delete(
                "seriesId = ?1 and seriesDate >= ?2", seriesId, from));
    }

    private static long bookedCount(Api.Account user, long seriesId) {
        return occurrences(user.api().get("/api/v1/series/" + seriesId).then().statusCode(200).extract().jsonPath())
                .stream().filter(o -> o.get("reservationId") != null).count();
    }

    @Test
    void aDeletedAccountsSeriesGoesWithItOrToTheAdminChosen() {
        io.restassured.specification.RequestSpecification admin = io.restassured.RestAssured.given().auth()
                .oauth2(Api.adminToken()).accept("application/json");
        Api.Account leaving = Api.newUser("user");
        int deleted = leaving.api().body(daily("Goes")).post("/api/v1/series").then().statusCode(201)
                .extract().path("id");
        admin.queryParam("recordings", "delete").delete("/api/v1/users/" + Api.userId(leaving.username())).then()
                .statusCode(204);
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).get("/api/v1/series/" + deleted).then()
                .statusCode(404);

        Api.Account handing = Api.newUser("user");
        int handed = handing.api().body(daily("Stays")).post("/api/v1/series").then().statusCode(201)
                .extract().path("id");
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).queryParam("recordings", "handover")
                .queryParam("heir", Api.userId("admin")).delete("/api/v1/users/" + Api.userId(handing.username()))
                .then().statusCode(204);
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).get("/api/v1/series/" + handed).then()
                .statusCode(200).body("owner", equalTo("admin")).body("occurrences[0].state", equalTo("SCHEDULED"));
        io.restassured.RestAssured.given().auth().oauth2(Api.adminToken()).delete("/api/v1/series/" + handed).then()
                .statusCode(200).body("occurrences[0].state", equalTo("CANCELLED"));
    }

    @Test
    void aSeriesAcrossTheSpringChangeKeepsEightPmInBerlin() {
        // Sunday 28 March 2027 the clocks go forward: 20:00 in Berlin is 19:00 UTC before, 18:00 UTC after.
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = daily("Sunday film");
        body.put("repeat", "weekly");
        body.put("weekdays", List.of("SUN"));
        body.put("startDate", "2027-03-20");
        body.put("count", 3);
        JsonPath series = user.api().body(body).post("/api/v1/series").then().statusCode(201).extract().jsonPath();
        assertEquals(List.of("2027-03-21T19:00:00Z", "2027-03-28T18:00:00Z", "2027-04-04T18:00:00Z"),
                series.getList("occurrences.startAt"));
        assertEquals(List.of("2027-03-21", "2027-03-28", "2027-04-04"), series.getList("occurrences.date"));
        int first = series.getInt("occurrences[0].reservationId");
        user.api().get("/api/v1/reservations/" + first).then().body("startAt", equalTo("2027-03-21T19:00:00Z"))
                .body("endAt", equalTo("2027-03-21T20:30:00Z"));
        user.api().delete("/api/v1/series/" + series.getInt("id")).then().statusCode(200);
    }
}
