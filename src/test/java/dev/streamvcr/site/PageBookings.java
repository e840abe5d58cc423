package dev.streamvcr.site;

import dev.streamvcr.Api;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;

/** Booking a page through the API, for the page recording tests. */
final class PageBookings {

    private PageBookings() {
    }

    /** Books {@code page} from {@code start} for {@code seconds}; returns the API's answer (201 checked). */
    static JsonPath book(Api.Account user, String title, String page, Instant start, int seconds) {
        return user.api().body(Map.of("title", title, "sourceUrl", page, "startAt", start.toString(),
                "durationSeconds", seconds)).post("/api/v1/reservations").then().statusCode(201).extract().jsonPath();
    }
}
