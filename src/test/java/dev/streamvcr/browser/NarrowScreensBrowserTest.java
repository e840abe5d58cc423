package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.browser.Browser.Device;
import dev.streamvcr.recording.RecordingFixture;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.ReservationStates;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The menu, a wide table, error pages, reasons and the site accounts page, at phone and desktop size. */
@QuarkusTest
class NarrowScreensBrowserTest extends BrowserPages {

    @Inject
    AuditLog audit;

    @Inject
    RecordingFixture recordings;

    @Inject
    ReservationStates states;

    @ParameterizedTest
    @EnumSource(Device.class)
    void anAdminsMenuKeepsToOneLineTheAuditTableScrollsInItsBoxAndErrorPagesKeepTheMenu(Device device) {
        Api.Account user = Api.newUser("user");
        audit.record(new Viewer(Api.userId(user.username()), user.username(), false, 0), 987654321L,
                AuditLog.Action.PREVIEW_REFUSED, false, null, "the preview grant belongs to another user "
                        + "(/preview/users/1/x987654321/index.m3u8)");
        String title = "A long evening news programme title that has to wrap on a phone " + user.username();
        Instant start = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        int reservation = user.api().body(Map.of("title", title, "sourceUrl", "rtmp://127.0.0.1:1/live/news",
                "startAt", start.toString(), "endAt", start.plus(1, ChronoUnit.HOURS).toString()))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");
        try (Browser browser = Browser.start(device)) {
            browser.loginAs("admin", Api.ADMIN_PASSWORD);

            browser.open("/reservations");
            browser.screenshot("menu");
            Number spread = (Number) browser.driver().executeScript("var tops = Array.from(document.querySelectorAll("
                    + "'header nav a, header nav button')).map(e => e.getBoundingClientRect().top);"
                    + " return Math.max.apply(null, tops) - Math.min.apply(null, tops);");
            assertTrue(spread.doubleValue() < 8, "every menu link on one line: their tops are " + spread + " px apart");
            assertFalse(browser.horizontalOverflow(), "the menu fits the screen");
            // what does not fit a phone is reached by scrolling the menu, not the page
            browser.driver().executeScript("var n = document.querySelector('header nav'); n.scrollLeft = n.scrollWidth;");
            assertTrue((Boolean) browser.driver().executeScript("var r = document.querySelector('header nav button')"
                    + ".getBoundingClientRect(); return r.left >= 0 && r.right <= document.documentElement.clientWidth;"),
                    "Log out can be reached");

            browser.open("/admin/audit?action=preview-refused&user=" + user.username());
            browser.screenshot("audit");
            assertFalse(browser.horizontalOverflow(), "the audit page fits the screen");
            assertTrue(browser.text("table.audit td.detail").contains("(/preview/users/1/x987654321/index.m3u8)"),
                    "the detail, the last column, is shown: " + browser.text("table.audit td.detail"));
            assertTrue((Boolean) browser.driver().executeScript("var w = document.querySelector('.table-wrap');"
                    + " var c = document.querySelector('table.audit td.detail').getBoundingClientRect();"
                    + " return w.scrollWidth <= w.clientWidth && c.right <= w.getBoundingClientRect().right + 1;"),
                    "every column of an event is seen without scrolling sideways");
            if (device == Device.PHONE) {
                assertEquals("Detail", browser.driver().executeScript("return getComputedStyle(document.querySelector("
                        + "'table.audit td.detail'), '::before').content.replace(/\"/g, '')"), "each line says what it is");
            }

            // a booking is named by its title, which wraps inside its cell; the list filters by action
            browser.open("/admin/audit?action=booking-create&user=" + user.username());
            browser.screenshot("audit-bookings");
            assertEquals("booking-create", browser.value("action"), "the filter shows what it filters by");
            assertEquals(1, browser.driver().findElements(org.openqa.selenium.By.cssSelector("table.audit tbody tr"))
                    .size(), "only the one booking of this user");
            assertEquals(title, browser.text("table.audit td.subject a"), "the booking's title, not its number");
            assertEquals("/admin/audit?reservation=" + reservation, browser.find("table.audit td.subject a")
                    .getDomAttribute("href"));
            assertFalse(browser.horizontalOverflow(), "the filtered audit page fits the screen");
            assertFalse(browser.text("table.audit td.detail").contains(start.toString()),
                    "the booked times read locally, like the event's own: " + browser.text("table.audit td.detail"));
            assertTrue((Boolean) browser.driver().executeScript("var w = document.querySelector('.table-wrap');"
                    + " var c = document.querySelector('table.audit td.subject').getBoundingClientRect();"
                    + " return c.right <= w.getBoundingClientRect().right + 1;"), "the title stays in its box");
            if (device == Device.PHONE) {
                assertEquals("About", browser.driver().executeScript("return getComputedStyle(document.querySelector("
                        + "'table.audit td.subject'), '::before').content.replace(/\"/g, '')"));
            }
            // the login just made is there, by the account that logged in
            browser.open("/admin/audit?action=login&user=admin");
            assertEquals("login form", browser.text("table.audit td.detail"));

            browser.open("/reservations/987654321");
            browser.screenshot("not-found");
            assertEquals("Not found", browser.text("h1"));
            assertTrue(browser.find("header nav a[href='/admin/audit']").isDisplayed(), "the error page keeps the menu");
            assertEquals("Log out", browser.text("header nav button"));
            assertFalse(browser.horizontalOverflow(), "the error page fits the screen");
        }
    }

    @ParameterizedTest
    @EnumSource(Device.class)
    void aReasonsTimesReadLocallyAndTheDetailPageOpensItsRecording(Device device) throws Exception {
        Api.Account user = Api.newUser("user");
        long recordingId = recordings.finishedRecording(user.username(), "Dropped show", new byte[] {1, 2, 3});
        int id = user.api().get("/api/v1/reservations").then().statusCode(200).extract()
                .path("find { it.title == 'Dropped show' }.id");
        states.end(id, ReservationState.COMPLETED, "The stream dropped at 2026-12-04T13:01:20Z and did not come back "
                + "before the booked end; what was recorded is kept.");
        try (Browser browser = Browser.start(device).inTimeZone(ZoneId.of("Asia/Tokyo"))) {
            browser.loginAs(user.username(), user.password());
            browser.open("/reservations/" + id);
            browser.screenshot("reason-times");
            assertEquals("The stream dropped at 12/4/2026, 10:01:20 PM and did not come back before the booked end; "
                    + "what was recorded is kept.", browser.text("[data-field=stateReason]").replace('\u202f', ' '),
                    "the instant in the reason reads like the page's other times, in the browser's zone");
            assertEquals("Open recording", browser.text("a[href='/recordings/" + recordingId + "']"));
            assertFalse(browser.horizontalOverflow(), "the reservation page fits the screen");

            browser.open("/account/sites");
            browser.screenshot("site-accounts");
            assertTrue(browser.text(".hint").contains("Streams booked directly (rtmp://, rtmps://, .m3u8) never use it."),
                    browser.text(".hint"));
            assertFalse(browser.horizontalOverflow(), "the site accounts page fits the screen");
        }
    }
}
