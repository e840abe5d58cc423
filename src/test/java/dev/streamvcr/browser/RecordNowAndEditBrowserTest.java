package dev.streamvcr.browser;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** "Record now" and editing a booking in a real browser, at phone and desktop size. */
@QuarkusTest
class RecordNowAndEditBrowserTest extends BrowserPages {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @ParameterizedTest
    @EnumSource(Device.class)
    void recordNowFromTheListThenMoveABookingsEnd(Device device) {
        Api.Account user = Api.newUser("user");
        Map<String, Object> later = new java.util.HashMap<>(Map.of("title", "Late film",
                "sourceUrl", "rtmp://127.0.0.1:1/live/film", "startAt", Instant.now().plus(2, ChronoUnit.HOURS)
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "durationSeconds", 3600));
        int bookedId = user.api().body(later).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        try (Browser browser = Browser.start(device).inTimeZone(TOKYO)) {
            browser.loginAs(user.username(), user.password());
            browser.open("/reservations");
            browser.screenshot("record-now-list");
            assertFalse(browser.horizontalOverflow(), "the list with the Record now form fits the screen");
            browser.type("title", "Breaking news").type("sourceUrl", "rtmp://127.0.0.1:1/live/news");
            browser.submitWith(".record-now button[type=submit]");
            assertTrue(browser.path().matches("/reservations/\\d+"), browser.path());
            String nowId = browser.path().substring("/reservations/".length());
            // the dispatcher claims it within a tick, and the page reloads itself for each new state
            browser.waitUntil(d -> {
                try {
                    return "Waiting for stream".equals(browser.text("[data-field=state]"))
                            && browser.text(".history").contains("Recording now, booked by " + user.username());
                } catch (org.openqa.selenium.WebDriverException reloading) {
                    return false;
                }
            });
            browser.screenshot("record-now-booked");
            assertTrue(browser.text(".actions").contains("Change end"), browser.text(".actions"));
            user.api().get("/api/v1/reservations/" + nowId).then().body("durationSeconds", equalTo(3600));
            // Leave the running one's page first: stopping it reloads that page, which could win over the next open.
            browser.open("/reservations/" + bookedId);
            user.api().delete("/api/v1/reservations/" + nowId).then().statusCode(200);
            browser.submitWith("a[href='/reservations/" + bookedId + "/edit']");
            browser.screenshot("edit-form");
            assertFalse(browser.horizontalOverflow(), "the edit form fits the screen");
            assertEquals("Late film", browser.value("title"));
            assertEquals("Asia/Tokyo", browser.value("timeZone"));
            Instant start = Instant.parse(user.api().get("/api/v1/reservations/" + bookedId).then()
                    .extract().path("startAt"));
            LocalDateTime startInTokyo = LocalDateTime.ofInstant(start, TOKYO).truncatedTo(ChronoUnit.MINUTES);
            assertEquals(startInTokyo.toString(), browser.value("startAt"), "the start is shown in the browser's zone");
            LocalDateTime newEnd = startInTokyo.plusMinutes(90);
            browser.driver().executeScript("document.querySelector('input[name=endAt]').value = arguments[0];",
                    newEnd.toString());
            browser.type("title", "Late film, longer");
            browser.submitWith("form.booking button[type=submit]");
            assertEquals("/reservations/" + bookedId, browser.path());
            browser.screenshot("edited");
            String history = browser.text(".history");
            assertTrue(history.contains("Title changed from \"Late film\" to \"Late film, longer\" by "
                    + user.username()), history);
            assertTrue(history.contains("End changed from"), history);
            assertFalse(history.contains("Start changed"), history);
            user.api().get("/api/v1/reservations/" + bookedId).then()
                    .body("endAt", equalTo(newEnd.atZone(TOKYO).toInstant().toString()));
        }
    }
}
