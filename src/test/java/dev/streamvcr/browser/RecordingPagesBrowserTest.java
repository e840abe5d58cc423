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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The recordings list and a recording's page in a real browser, and its MP4 playing on a phone. */
@QuarkusTest
class RecordingPagesBrowserTest extends BrowserPages {

    private static byte[] four;
    private static byte[] three;

    @Inject
    RecordingFixture fixture;

    @BeforeAll
    static void tools() {
        BrowserTools.ensureInstalled();
        PeerTools.ensureInstalled();
        four = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(4));
        three = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(3));
    }

    private long twoPartRecording(Api.Account user, String title) throws Exception {
        return fixture.finishedRecordingInParts(user.username(), title, 180, "flv", 37_000, List.of(
                new RecordingFixture.PartContent(four, 4_000, "node-a"),
                new RecordingFixture.PartContent(three, 3_000, "node-b")));
    }

    @ParameterizedTest
    @EnumSource(Device.class)
    void theListAndTheRecordingSayWhatWasRecordedAndFitTheScreen(Device device) throws Exception {
        Api.Account user = Api.newUser("user");
        long id = twoPartRecording(user, "Evening concert across a restart");
        fixture.addGap(id, java.time.Instant.parse("2026-05-01T18:00:02Z"), 1_500, "the server closed the connection");
        try (Browser browser = Browser.start(device)) {
            browser.loginAs(user.username(), user.password());
            browser.open("/recordings");
            browser.screenshot("recordings-list");
            assertFalse(browser.horizontalOverflow(), "the list fits the screen");
            assertEquals("Recorded 7 s of 180 s; 1 gap", browser.text("#recording-" + id + " [data-field=coverage]"));

            browser.submitWith("#recording-" + id + " a.title");
            assertEquals("/recordings/" + id, browser.path());
            browser.screenshot("recording-detail");
            assertFalse(browser.horizontalOverflow(), "the recording's page fits the screen");
            assertEquals("Recorded 7 s of 180 s; 1 gap.", browser.text("[data-field=coverage]"));
            assertTrue(browser.text("#gaps").contains("the server closed the connection"), browser.text("#gaps"));

            browser.submitWith("a.button.danger");
            assertEquals("/recordings/" + id + "/delete", browser.path());
            browser.screenshot("recording-delete-confirm");
            assertFalse(browser.horizontalOverflow(), "the confirmation fits the screen");
            browser.submitWith("form button.danger");
            assertEquals("/recordings", browser.path());
            assertTrue(browser.text("[role=status]").contains("Deleted \u201cEvening concert across a restart\u201d"),
                    browser.text("[role=status]"));
            assertTrue(browser.driver().findElements(org.openqa.selenium.By.id("recording-" + id)).isEmpty(),
                    "the deleted recording has left the list");
        }
    }

    @ParameterizedTest
    @EnumSource(Device.class)
    void theStoragePageShowsUseAndFreeSpaceAsBars(Device device) throws Exception {
        Api.Account user = Api.newUser("user");
        twoPartRecording(user, "Counted on the storage page");
        try (Browser browser = Browser.start(device)) {
            browser.loginAs("admin", Api.ADMIN_PASSWORD);
            browser.open("/storage");
            browser.screenshot("storage-admin");
            assertFalse(browser.horizontalOverflow(), "the storage page fits the screen");
            assertTrue(browser.find("#volumes progress.bar").isDisplayed(), "free space is drawn as a bar");
            Object share = browser.driver().executeScript("var b = document.querySelector('#volumes progress.bar');"
                    + " return b.position;");
            double used = ((Number) share).doubleValue();
            assertTrue(used > 0 && used < 1, "the bar shows the used share, not a full bar: " + used);
            assertTrue(browser.text("#use").contains(user.username()), browser.text("#use"));
        }
    }

    @Test
    void aPhonePlaysTheMp4() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = twoPartRecording(user, "On the train");
        try (Browser browser = Browser.phone()) {
            browser.loginAs(user.username(), user.password());
            browser.open("/recordings/" + id);
            browser.submitWith("#mp4 a.button");
            browser.open("/recordings/" + id);
            assertTrue(browser.find("#mp4 video").isDisplayed(), "the page's own player once the MP4 is there");
            double position = new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).until(driver -> {
                Object t = browser.driver().executeScript("var v = document.querySelector('#mp4 video');"
                        + " if (v.paused) { v.muted = true; v.play().catch(function () {}); } return v.currentTime;");
                double seconds = ((Number) t).doubleValue();
                return seconds > 2.0 ? seconds : null;
            });
            browser.screenshot("recording-mp4-playing");
            assertFalse(browser.horizontalOverflow(), "the player fits the phone's screen");
            Object seekable = browser.driver().executeScript("var v = document.querySelector('#mp4 video');"
                    + " return v.seekable.length > 0 ? v.seekable.end(0) : 0;");
            assertEquals(7.0, ((Number) seekable).doubleValue(), 0.3, "the whole recording can be sought");
            System.out.printf("MEASURED MP4 in a phone browser: currentTime reached %.1f s%n", position);
        }
    }
}
