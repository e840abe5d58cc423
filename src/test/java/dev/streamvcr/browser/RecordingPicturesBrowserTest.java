package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.WebElement;

/** Posters in the recordings list and on a recording's page, with its window's bar and bitrate plot, on two screens. */
@QuarkusTest
class RecordingPicturesBrowserTest extends BrowserPages {

    private static byte[] four;

    @Inject
    RecordingFixture fixture;

    @BeforeAll
    static void tools() {
        BrowserTools.ensureInstalled();
        PeerTools.ensureInstalled();
        four = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @EnumSource(Device.class)
    void postersTheBarAndThePlotShowAndFitTheScreen(Device device) throws Exception {
        Api.Account user = Api.newUser("user");
        long id = fixture.finishedRecordingInParts(user.username(), "Evening concert across a restart", 30, "flv",
                8_000, List.of(new RecordingFixture.PartContent(four, 4_000, "node-a"),
                        new RecordingFixture.PartContent(four, 4_000, "node-b")));
        try (Browser browser = Browser.start(device)) {
            browser.loginAs(user.username(), user.password());
            browser.open("/recordings");
            assertEquals(320, loadedWidth(browser, "#recording-" + id + " img.poster"), "the poster frame is shown");
            browser.screenshot("recordings-list-posters");
            assertFalse(browser.horizontalOverflow(), "the list with posters fits the screen");

            browser.open("/reservations");
            assertEquals(320, loadedWidth(browser, "li.with-poster img.poster"), "and in the reservations list");
            browser.screenshot("reservations-list-posters");
            assertFalse(browser.horizontalOverflow(), "the reservations list with posters fits the screen");

            browser.open("/recordings/" + id);
            assertEquals(320, loadedWidth(browser, "section.card img.poster"));
            browser.screenshot("recording-detail-poster");
            assertFalse(browser.horizontalOverflow(), "the recording's page fits the screen");
            WebElement bar = browser.find("#timeline svg.bar");
            assertTrue(bar.getSize().getWidth() > device.width / 2, "the bar spans the card: " + bar.getSize());
            String missing = (String) browser.driver().executeScript("return getComputedStyle("
                    + "document.querySelector('#timeline rect.stretch-missing')).fill");
            String recorded = (String) browser.driver().executeScript("return getComputedStyle("
                    + "document.querySelector('#timeline rect.stretch-recorded')).fill");
            assertFalse(missing.equals(recorded), "gaps and recorded stretches look different: " + missing);
            assertTrue(browser.find("#bitrate svg.area").getSize().getHeight() > 40, "the plot is drawn");
            browser.driver().executeScript("document.getElementById('timeline').scrollIntoView()");
            browser.screenshot("recording-detail-timeline");
            assertTrue(browser.text("#timeline .legend").contains("not recorded (8 s)"), browser.text("#timeline"));
        }
    }

    /** The natural width of the image at {@code css} once it has loaded (0 if it could not). */
    private static long loadedWidth(Browser browser, String css) {
        return browser.waitUntil(driver -> {
            Object width = browser.driver().executeScript("var i = document.querySelector(arguments[0]);"
                    + " return i.complete ? i.naturalWidth : null;", css);
            return width == null ? null : ((Number) width).longValue();
        });
    }
}
