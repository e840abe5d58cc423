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
import java.time.ZoneId;
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

            browser.open("/admin/audit");
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
