package dev.streamvcr.site;

import dev.streamvcr.Api;
import dev.streamvcr.reservation.ReservationState;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;

/** Booking a page through the API and waiting for the reservation to end, for the page recording tests. */
final class PageBookings {

    private PageBookings() {
    }

    /** Books {@code page} from {@code start} for {@code seconds}; returns the API's answer (201 checked). */
    static JsonPath book(Api.Account user, String title, String page, Instant start, int seconds) {
        return user.api().body(Map.of("title", title, "sourceUrl", page, "startAt", start.toString(),
                "durationSeconds", seconds)).post("/api/v1/reservations").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath view(Api.Account user, int id) {
        return user.api().get("/api/v1/reservations/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The reservation once it reached a final state; fails the test when it has not by {@code deadline}. */
    static JsonPath awaitFinal(Api.Account user, int id, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            JsonPath view = view(user, id);
            if (ReservationState.valueOf(view.getString("state")).isFinal()) {
                return view;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("reservation " + id + " did not finish by " + deadline + ": " + view(user, id).prettify());
    }
}
