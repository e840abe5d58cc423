package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "Record now" and editing a booking in the JSON API. The source is refused at once, so nothing is recorded. */
@QuarkusTest
class RecordNowAndEditApiTest {

    private static final String NOWHERE = "rtmp://127.0.0.1:1/live/show";

    @Inject
    ReservationStates states;

    static Map<String, Object> now(String title) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("sourceUrl", NOWHERE);
        return body;
    }

    @Test
    void recordNowStartsAtOnceForTheDefaultLengthAndIsClaimedAtTheNextTick() {
        Api.Account user = Api.newUser("user");
        Instant before = Instant.now();
        JsonPath booked = user.api().body(now("Right now")).post("/api/v1/reservations")
                .then().statusCode(201)
                .body("durationSeconds", equalTo(3600))
                .body("history[0].reason", equalTo("Recording now, booked by " + user.username() + "."))
                .extract().jsonPath();
        Instant start = Instant.parse(booked.getString("startAt"));
        assertTrue(!start.isBefore(before.minusSeconds(1)) && start.isBefore(Instant.now().plusSeconds(1)), "" + start);
        int id = booked.getInt("id");
        // the dispatcher ticks every second: the booking leaves SCHEDULED at once, not at a later start
        String state = awaitState(user, id, s -> !s.equals("SCHEDULED"), Duration.ofSeconds(10));
        assertTrue(List.of("RESOLVING", "WAITING_FOR_STREAM").contains(state), state);
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
    }

    @Test
    void recordNowTakesTheWordNowAGivenLengthOrUntilStopped() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = now("Word now");
        body.put("startAt", "now");
        body.put("durationSeconds", 600);
        int id = user.api().body(body).post("/api/v1/reservations").then().statusCode(201)
                .body("durationSeconds", equalTo(600)).extract().path("id");
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);

        Map<String, Object> open = now("Until stopped");
        open.put("untilStopped", true);
        int openId = user.api().body(open).post("/api/v1/reservations").then().statusCode(201)
                .body("durationSeconds", equalTo(24 * 3600)).extract().path("id");
        user.api().delete("/api/v1/reservations/" + openId).then().statusCode(200);
    }

    @Test
    void recordNowIsValidatedLikeABooking() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = now("  ");
        body.put("sourceUrl", "rtmp://10.1.2.3/live/x");
        user.api().body(body).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.title", containsString("Give the recording a title"))
                .body("fields.sourceUrl", containsString("private address"));
        Map<String, Object> tooLong = now("Too long");
        tooLong.put("durationSeconds", 90000);
        user.api().body(tooLong).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.durationSeconds", containsString("at most 24 h"));
        Map<String, Object> later = ReservationApiTest.booking();
        later.remove("durationSeconds");
        later.put("untilStopped", true);
        user.api().body(later).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.untilStopped", containsString("starts now"));
        user.api().get("/api/v1/reservations").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void editBeforeTheStartChangesEveryFieldAndSaysWhoDidIt() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        String start = ReservationApiTest.inMinutes(120);
        String end = ReservationApiTest.inMinutes(180);
        JsonPath edited = user.api().body(Map.of("title", "Late show", "sourceUrl", "rtmp://127.0.0.1:1/live/late",
                "startAt", start, "endAt", end)).patch("/api/v1/reservations/" + id)
                .then().statusCode(200)
                .body("title", equalTo("Late show"))
                .body("sourceUrl", equalTo("rtmp://127.0.0.1:1/live/late"))
                .body("durationSeconds", equalTo(3600))
                .body("state", equalTo("SCHEDULED"))
                .extract().jsonPath();
        assertEquals(java.time.OffsetDateTime.parse(start).toInstant(), Instant.parse(edited.getString("startAt")));
        String reason = edited.getString("history[1].reason");
        assertTrue(reason.contains("Title changed from \"Evening show\" to \"Late show\" by " + user.username()), reason);
        assertTrue(reason.contains("Source changed from rtmp://127.0.0.1:1/live/show to rtmp://127.0.0.1:1/live/late"),
                reason);
        assertTrue(reason.contains("Start changed from "), reason);
        assertTrue(reason.contains("End changed from "), reason);
        // a field left out keeps its value; only the title changes here
        user.api().body(Map.of("title", "Later show")).patch("/api/v1/reservations/" + id).then().statusCode(200)
                .body("durationSeconds", equalTo(3600))
                .body("history[2].reason", equalTo("Title changed from \"Late show\" to \"Later show\" by "
                        + user.username() + "."));
    }

    @Test
    void badEditsNameTheFieldAndChangeNothing() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        user.api().body(Map.of("endAt", ReservationApiTest.inMinutes(30))).patch("/api/v1/reservations/" + id)
                .then().statusCode(400).body("fields.endAt", containsString("after the start"));
        user.api().body(Map.of("startAt", "2020-01-01T10:00:00+00:00")).patch("/api/v1/reservations/" + id)
                .then().statusCode(400).body("fields.startAt", containsString("in the past"));
        user.api().body(Map.of("title", " ", "sourceUrl", "ftp://example.com/x")).patch("/api/v1/reservations/" + id)
                .then().statusCode(400)
                .body("fields.title", containsString("title"))
                .body("fields.sourceUrl", containsString("Paste the address"));
        user.api().body(Map.of("durationSeconds", 90000)).patch("/api/v1/reservations/" + id)
                .then().statusCode(400).body("fields.durationSeconds", containsString("at most 24 h"));
        user.api().get("/api/v1/reservations/" + id).then().statusCode(200)
                .body("title", equalTo("Evening show")).body("durationSeconds", equalTo(1800))
                .body("history.size()", equalTo(1));
    }

    @Test
    void editingAnotherUsersBookingIsNotFound() {
        Api.Account alice = Api.newUser("user");
        Api.Account bob = Api.newUser("user");
        int id = alice.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        bob.api().body(Map.of("title", "Mine now")).patch("/api/v1/reservations/" + id).then().statusCode(404)
                .body("error", containsString("no reservation " + id));
        bob.api().body(Map.of("title", "Mine now")).patch("/api/v1/reservations/999999").then().statusCode(404);
        alice.api().get("/api/v1/reservations/" + id).then().body("title", equalTo("Evening show"));
    }

    @Test
    void editingAFinishedBookingIsAConflictWithTheReason() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
        user.api().body(Map.of("title", "Too late")).patch("/api/v1/reservations/" + id).then().statusCode(409)
                .body("error", containsString("already cancelled"))
                .body("error", containsString("Cancelled by " + user.username()))
                .body("error", containsString("cannot be changed"));
        int done = user.api().body(ReservationApiTest.booking()).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        states.end(done, ReservationState.COMPLETED, "The booked end came.");
        user.api().body(Map.of("endAt", ReservationApiTest.inMinutes(200))).patch("/api/v1/reservations/" + done)
                .then().statusCode(409).body("error", containsString("already completed (The booked end came.)"));
    }

    @Test
    void aRunningRecordingOnlyTakesANewEnd() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(now("Running")).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        awaitState(user, id, s -> !s.equals("SCHEDULED"), Duration.ofSeconds(10));
        user.api().body(Map.of("title", "Renamed")).patch("/api/v1/reservations/" + id).then().statusCode(400)
                .body("fields.title", containsString("only its end can be changed"));
        String end = ReservationApiTest.inMinutes(120);
        user.api().body(Map.of("endAt", end)).patch("/api/v1/reservations/" + id).then().statusCode(200)
                .body("endAt", startsWith(java.time.OffsetDateTime.parse(end).toInstant().toString().substring(0, 16)))
                .body("history.reason", hasItem(containsString("End changed from ")));
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200);
    }

    @Test
    void aRunningRecordingsSessionFollowsItsShortenedEnd() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(now("Short")).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        awaitState(user, id, s -> s.equals("WAITING_FOR_STREAM"), Duration.ofSeconds(15));
        // an hour was booked; the session must end at the new end, a few seconds away, not at the old one
        Instant newEnd = Instant.now().plusSeconds(4);
        user.api().body(Map.of("endAt", newEnd.toString())).patch("/api/v1/reservations/" + id).then()
                .statusCode(200);
        String state = awaitState(user, id, s -> !List.of("RESOLVING", "WAITING_FOR_STREAM").contains(s),
                Duration.ofSeconds(20));
        assertEquals("FAILED", state);
        user.api().get("/api/v1/reservations/" + id).then()
                .body("stateReason", containsString("never became available"));
    }

    @Test
    void shorteningARunningRecordingIntoThePastStopsItNow() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(now("Stop by edit")).post("/api/v1/reservations").then().statusCode(201)
                .extract().path("id");
        awaitState(user, id, s -> s.equals("WAITING_FOR_STREAM"), Duration.ofSeconds(15));
        long asked = System.nanoTime();
        user.api().body(Map.of("endAt", ReservationApiTest.inMinutes(-10))).patch("/api/v1/reservations/" + id)
                .then().statusCode(200)
                .body("stopRequested", equalTo(true))
                .body("history.reason", hasItem(containsString("End moved to now")));
        String state = awaitState(user, id, s -> !List.of("RESOLVING", "WAITING_FOR_STREAM").contains(s),
                Duration.ofSeconds(10));
        long tookMs = (System.nanoTime() - asked) / 1_000_000;
        assertEquals("CANCELLED", state, "nothing was recorded, so the stop cancels");
        assertTrue(tookMs < 5000, "stopped after " + tookMs + " ms");
        JsonPath after = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
        assertTrue(after.getString("stateReason").contains("Stopped by " + user.username()
                + ": the end was moved to now."), after.getString("stateReason"));
        assertTrue(!Instant.parse(after.getString("endAt")).isAfter(Instant.now()));
        System.out.println("Shortened into the past: " + state + " after " + tookMs + " ms");
    }

    private static String awaitState(Api.Account user, int id, java.util.function.Predicate<String> wanted,
            Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String state;
        do {
            state = user.api().get("/api/v1/reservations/" + id).then().statusCode(200).extract().path("state");
            if (wanted.test(state)) {
                return state;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("reservation " + id + " still " + state + " after " + within);
    }
}
