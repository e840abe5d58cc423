package dev.streamvcr.browser;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pages in a real browser, used as a person would, at phone and desktop size. */
@QuarkusTest
class PagesBrowserTest extends BrowserPages {

    /** Nine hours from the JVM's UTC, so a time read in the wrong zone is far off. */
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** How Chromium's {@code toLocaleString()} writes a time for en-US. */
    private static final DateTimeFormatter EN_US = DateTimeFormatter.ofPattern("M/d/yyyy, h:mm:ss a", Locale.US);

    @ParameterizedTest
    @EnumSource(Device.class)
    void aPersonInTokyoBooksARecordingFixesAMistakeAndLogsOut(Device device) {
        Api.Account user = Api.newUser("user");
        try (Browser browser = Browser.start(device).inTimeZone(TOKYO)) {
            browser.loginAs(user.username(), user.password());
            browser.open("/reservations/new");
            browser.screenshot("booking-form");
            assertFalse(browser.horizontalOverflow(), "the booking form fits the screen");
            assertEquals("Asia/Tokyo", browser.value("timeZone"), "the page tells the server the browser's zone");

            browser.type("title", "Evening news")
                    .type("sourceUrl", "rtmp://127.0.0.1:1/live/x")
                    .type("durationMinutes", "30");
            assertEquals("60", browser.find("input[name=startAt]").getDomAttribute("step"), "the picker picks minutes");
            assertEquals("60", browser.find("input[name=endAt]").getDomAttribute("step"));
            assertTrue(browser.value("startAt").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}"),
                    "pre-filled without seconds: " + browser.value("startAt"));
            LocalDateTime start = LocalDateTime.parse(browser.value("startAt"));
            Instant meant = start.atZone(TOKYO).toInstant();
            // The page pre-fills "five minutes from now" on the browser's clock; read in any other zone it is hours off.
            Duration ahead = Duration.between(Instant.now(), meant);
            assertTrue(ahead.compareTo(Duration.ofMinutes(3)) > 0 && ahead.compareTo(Duration.ofMinutes(6)) < 0,
                    "pre-filled start " + start + " in Tokyo is " + ahead + " from now");
            browser.submitWith("form.booking button[type=submit]");

            assertTrue(browser.path().matches("/reservations/\\d+"), "on the new reservation's page: " + browser.path());
            browser.screenshot("booked");
            assertEquals("Scheduled", browser.text("[data-field=state]"));
            assertTrue(browser.text(".history").contains("Booked by " + user.username()), browser.text(".history"));
            assertEquals(EN_US.format(start), browser.text(".facts time").replace('\u202f', ' '),
                    "the start is shown in the browser's zone");
            assertFalse(browser.horizontalOverflow(), "the reservation page fits the screen");
            String id = browser.path().substring("/reservations/".length());
            user.api().get("/api/v1/reservations/" + id).then().statusCode(200)
                    .body("startAt", equalTo(meant.toString()))
                    .body("durationSeconds", equalTo(1800));

            browser.open("/reservations/new");
            browser.type("title", "Wrong protocol")
                    .type("sourceUrl", "ftp://example.com/x")
                    .type("durationMinutes", "30");
            String typedStart = browser.value("startAt");
            browser.submitWith("form.booking button[type=submit]");
            browser.screenshot("field-error");
            assertEquals("Paste the address of a page that announces the broadcast (http:// or https://) or of a "
                    + "stream (rtmp://, rtmps:// or an .m3u8 playlist).",
                    browser.text("label:has(input[name=sourceUrl]) .field-error"));
            assertEquals("Wrong protocol", browser.value("title"));
            assertEquals("ftp://example.com/x", browser.value("sourceUrl"));
            assertEquals(typedStart, browser.value("startAt"));
            assertEquals("30", browser.value("durationMinutes"));
            assertFalse(browser.horizontalOverflow(), "the form with its errors fits the screen");

            browser.type("sourceUrl", "http://127.0.0.1:1/live/master.m3u8");
            browser.find("details.advanced:has(textarea[name=hlsOptions]) summary").click();
            browser.type("hlsOptions", "maxHeight=tall");
            browser.submitWith("form.booking button[type=submit]");
            browser.screenshot("hls-options-error");
            assertEquals("Option maxHeight must be a whole number from 1 to 100000, not 'tall'.",
                    browser.text("details.advanced:has(textarea[name=hlsOptions]) .field-error"));
            assertNotNull(browser.find("details.advanced:has(textarea[name=hlsOptions])").getDomAttribute("open"),
                    "the section with the error stays open");
            assertEquals("maxHeight=tall", browser.value("hlsOptions"), "what was typed is kept");
            assertFalse(browser.horizontalOverflow(), "the open HLS options fit the screen");
            user.api().get("/api/v1/reservations").then().body("size()", equalTo(1));

            browser.open("/reservations?q=nothing%25like%25this");
            assertTrue(browser.text("p.empty").startsWith("No reservation matches."), browser.text("p.empty"));
            browser.open("/reservations");
            browser.screenshot("reservations-list");
            assertFalse(browser.horizontalOverflow(), "the list with its filter form fits the screen");
            assertEquals(1, browser.driver().findElements(org.openqa.selenium.By.cssSelector("ul.list li.item")).size());

            browser.submitWith("form[action='/logout'] button[type=submit]");
            assertEquals("/login", browser.path());
            browser.open("/reservations");
            assertEquals("/login", browser.path(), "after logging out the pages ask to log in again");
        }
    }

    @ParameterizedTest
    @EnumSource(Device.class)
    void theOverflowCheckSeesAPageWiderThanTheScreen(Device device) {
        try (Browser browser = Browser.start(device)) {
            browser.open("/login");
            assertEquals(device.width + "x" + device.height,
                    browser.driver().executeScript("return innerWidth + 'x' + innerHeight"), "the page's size");
            assertFalse(browser.horizontalOverflow());
            browser.driver().executeScript("var wide = document.createElement('div');"
                    + "wide.style.width = (document.documentElement.clientWidth + 10) + 'px';"
                    + "wide.textContent = 'wide'; document.body.appendChild(wide);");
            assertTrue(browser.horizontalOverflow());
        }
    }
}
