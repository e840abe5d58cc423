package dev.streamvcr.reservation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReservationApiTest {

    static String inMinutes(long minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(2)).plusMinutes(minutes).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Map<String, Object> booking() {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Evening show");
        body.put("sourceUrl", "rtmp://127.0.0.1:1/live/show");
        body.put("startAt", inMinutes(60));
        body.put("durationSeconds", 1800);
        return body;
    }

    @Test
    void bookListShowAndCancel() {
        Api.Account user = Api.newUser("user");
        int id = user.api().body(booking()).post("/api/v1/reservations")
                .then().statusCode(201)
                .body("state", equalTo("SCHEDULED"))
                .body("durationSeconds", equalTo(1800))
                .body("history[0].to", equalTo("SCHEDULED"))
                .body("history[0].reason", containsString(user.username()))
                .body("$", not(hasKey("recordingId")))
                .extract().path("id");
        user.api().get("/api/v1/reservations").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(200)
                .body("state", equalTo("CANCELLED")).body("history[1].reason", containsString("Cancelled by"));
        user.api().delete("/api/v1/reservations/" + id).then().statusCode(409)
                .body("error", containsString("already cancelled"));
    }

    @Test
    void endAtWorksAsWellAsDuration() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = booking();
        body.remove("durationSeconds");
        body.put("endAt", inMinutes(90));
        user.api().body(body).post("/api/v1/reservations").then().statusCode(201).body("durationSeconds", equalTo(1800));
    }

    @ParameterizedTest(name = "{0}={1} → {3}")
    @CsvSource(delimiter = '|', value = {
        "sourceUrl|ftp://example.com/live|sourceUrl|Paste the address of a page that announces the broadcast",
        "sourceUrl|http://169.254.169.254/latest/meta-data/|sourceUrl|always refused",
        "sourceUrl|https://10.1.2.3/live.m3u8|sourceUrl|private address",
        "sourceUrl|rtmp://127.0.0.1:1/live/x conn|sourceUrl|is not an option: write name=value",
        "sourceUrl|rtmp://|sourceUrl|",
        "sourceUrl|rtmp://127.0.0.1:1/onlyapp|sourceUrl|",
        "sourceUrl|rtmp://169.254.169.254/live/x|sourceUrl|always refused",
        "sourceUrl|rtmp://10.1.2.3/live/x|sourceUrl|private address",
        "startAt|2020-01-01T10:00:00+00:00|startAt|in the past",
        "startAt|tomorrow at noon|startAt|not a date and time",
        "durationSeconds|-5|durationSeconds|must be positive",
        "durationSeconds|90000|durationSeconds|at most 24 h",
        "title|'   '|title|Give the recording a title",
    })
    void badInputNamesTheFieldAndChangesNothing(String field, String value, String reported, String message) {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = booking();
        body.put(field, field.equals("durationSeconds") ? Long.valueOf(value) : value);
        user.api().body(body).post("/api/v1/reservations")
                .then().statusCode(400)
                .body("fields." + reported, containsString(message == null ? "" : message));
        user.api().get("/api/v1/reservations").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void endBeforeStartAndBothEndsAreRefused() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = booking();
        body.remove("durationSeconds");
        body.put("endAt", inMinutes(30));
        user.api().body(body).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.endAt", containsString("after the start"));
        body.put("durationSeconds", 60);
        user.api().body(body).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.endAt", containsString("not both"));
        user.api().body("{not json").post("/api/v1/reservations").then().statusCode(400)
                .body("error", containsString("not valid JSON"));
    }

    @Test
    void usersSeeOnlyTheirOwnReservationsAndAdminsSeeAll() {
        Api.Account alice = Api.newUser("user");
        Api.Account bob = Api.newUser("user");
        int id = alice.api().body(booking()).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        bob.api().get("/api/v1/reservations/" + id).then().statusCode(404).body("error", notNullValue());
        bob.api().delete("/api/v1/reservations/" + id).then().statusCode(404);
        bob.api().get("/api/v1/reservations").then().body("size()", equalTo(0));
        given().auth().oauth2(Api.adminToken()).get("/api/v1/reservations/" + id).then().statusCode(200)
                .body("owner", equalTo(alice.username()));
        alice.api().get("/api/v1/reservations/" + id).then().statusCode(200).body("state", equalTo("SCHEDULED"));
        assertEquals(404, alice.api().get("/api/v1/reservations/999999").statusCode());
    }
}
