package dev.streamvcr.site;

import dev.streamvcr.Api;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Booking a page through the API, for the page recording tests. */
final class PageBookings {

    private PageBookings() {
    }

    /** Books {@code page} from {@code start} for {@code seconds}; returns the API's answer (201 checked). */
    static JsonPath book(Api.Account user, String title, String page, Instant start, int seconds) {
        return book(user, title, page, start, seconds, Map.of());
    }

    /** {@link #book(Api.Account, String, String, Instant, int)} with more fields, e.g. {@code hls}. */
    static JsonPath book(Api.Account user, String title, String page, Instant start, int seconds,
            Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(Map.of("title", title, "sourceUrl", page, "startAt", start.toString(),
                "durationSeconds", seconds));
        body.putAll(more);
        return user.api().body(body).post("/api/v1/reservations").then().statusCode(201).extract().jsonPath();
    }
}
