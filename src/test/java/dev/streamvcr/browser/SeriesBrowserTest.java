package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Booking a series, skipping an occurrence and ending the series in a real browser, at phone and desktop size. */
@QuarkusTest
class SeriesBrowserTest extends BrowserPages {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @EnumSource(Device.class)
    void bookASeriesSkipOneAndEndIt(Device device) {
        Api.Account user = Api.newUser("user");
        try (Browser browser = Browser.start(device).inTimeZone(BERLIN)) {
            browser.loginAs(user.username(), user.password());
            browser.open("/reservations");
            assertFalse(browser.horizontalOverflow(), "the list's heading with its two buttons fits the screen");
            browser.submitWith("a[href='/series']");
            browser.screenshot("series-list-empty");
            assertFalse(browser.horizontalOverflow(), "the series list fits the screen");
            browser.submitWith(".heading a[href='/series/new']");
            assertEquals("/series/new", browser.path());
            assertEquals("Europe/Berlin", browser.value("timeZone"), "the browser's zone is the series' zone");
            browser.type("title", "Evening news").type("sourceUrl", "rtmp://127.0.0.1:1/live/news");
            browser.find("input[name=weekdays][value=TUE]").click();
            browser.find("input[name=weekdays][value=SAT]").click();
            String start = LocalDate.now(BERLIN).plusDays(1).toString();
            browser.driver().executeScript("document.querySelector('input[name=startTime]').value = '20:00';"
                    + "document.querySelector('input[name=endTime]').value = '20:45';"
                    + "document.querySelector('input[name=startDate]').value = arguments[0];", start);
            browser.type("count", "8");
            browser.screenshot("series-form");
            assertFalse(browser.horizontalOverflow(), "the series form fits the screen");
            browser.submitWith("form.booking button[type=submit]");
            assertTrue(browser.path().matches("/series/\\d+"), browser.path());
            String id = browser.path().substring("/series/".length());
            assertTrue(browser.text("[data-field=summary]").startsWith(
                    "Every Tuesday and Saturday at 20:00 (Europe/Berlin) for 45 minutes"),
                    browser.text("[data-field=summary]"));
            assertEquals(8, browser.driver().findElements(org.openqa.selenium.By.cssSelector(".occurrences .item")).size());
            browser.screenshot("series-page");
            assertFalse(browser.horizontalOverflow(), "the series page fits the screen");

            JsonPath series = user.api().get("/api/v1/series/" + id).then().statusCode(200).extract().jsonPath();
            String first = series.getString("occurrences[0].date");
            browser.submitWith("a[href='/series/" + id + "/occurrences/" + first + "/skip']");
            assertTrue(browser.text("h1").startsWith("Skip "), browser.text("main"));
            assertFalse(browser.horizontalOverflow(), "the skip question fits the screen");
            browser.screenshot("series-skip-confirm");
            browser.submitWith(".actions form button[type=submit]");
            assertTrue(browser.text("[role=status]").contains("Occurrence skipped."), browser.text("main"));
            assertTrue(browser.text("[data-date='" + first + "']").contains("Cancelled"),
                    browser.text("[data-date='" + first + "']"));
            assertEquals("CANCELLED", user.api().get("/api/v1/series/" + id).then().extract()
                    .path("occurrences[0].state"));

            browser.submitWith("a[href='/series/" + id + "/edit']");
            browser.screenshot("series-edit");
            assertFalse(browser.horizontalOverflow(), "the edit form fits the screen");
            assertEquals("Evening news", browser.value("title"));
            assertEquals("20:00", browser.value("startTime"));
            assertEquals("20:45", browser.value("endTime"));
            assertEquals("8", browser.value("count"));
            assertTrue(browser.find("input[name=weekdays][value=SAT]").isSelected());
            browser.find("input[name=weekdays][value=SAT]").click();
            browser.submitWith("form.booking button[type=submit]");
            assertEquals("/series/" + id, browser.path());
            assertTrue(browser.text("[data-field=summary]").startsWith("Every Tuesday at 20:00"),
                    browser.text("[data-field=summary]"));

            browser.submitWith("a[href='/series/" + id + "/end']");
            browser.screenshot("series-end");
            assertFalse(browser.horizontalOverflow(), "the confirmation fits the screen");
            browser.submitWith("form[action='/series/" + id + "/end'] button");
            assertEquals("/series/" + id, browser.path());
            assertTrue(browser.text("main").contains("Ended"), browser.text("main"));
            browser.screenshot("series-ended");
            assertTrue(user.api().get("/api/v1/series/" + id).then().extract().jsonPath()
                    .getList("occurrences.state").stream().allMatch("CANCELLED"::equals));
        }
    }
}
