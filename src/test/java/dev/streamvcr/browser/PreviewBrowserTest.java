package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The preview plays in a phone-sized browser: standard HLS through hls.js, no other client logic. */
@QuarkusTest
class PreviewBrowserTest {

    @Inject
    RecordingFixture fixture;

    @BeforeAll
    static void tools() {
        BrowserTools.ensureInstalled();
        PeerTools.ensureInstalled();
    }

    @Test
    void aPhonePlaysItsOwnWatermarkedPreview() throws Exception {
        Api.Account user = Api.newUser("user");
        long recording = fixture.finishedRecording(user.username(), "Phone preview",
                TestCard.DEFAULT.flvBytes(Duration.ofSeconds(10)));
        try (Browser browser = Browser.phone()) {
            browser.loginAs(user.username(), user.password());
            browser.open("/recordings");
            browser.submitWith("form[action='/recordings/" + recording + "/preview'] button");
            assertTrue(browser.path().equals("/recordings/" + recording + "/preview"), browser.path());
            assertFalse(browser.horizontalOverflow(), "the player fits the phone's screen");
            assertTrue(browser.text(".viewer-mark").contains(user.username()), "the name is drawn over the player");
            // The person presses play (muted, as autoplay rules want) — again if the player was not ready yet.
            Double position;
            try {
                position = new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(driver -> {
                    Object t = browser.driver().executeScript("var v = document.querySelector('video');"
                            + " if (v.paused) { v.muted = true; v.play().catch(function () {}); } return v.currentTime;");
                    double seconds = ((Number) t).doubleValue();
                    return seconds > 3.0 ? seconds : null;
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                browser.screenshot("preview-not-playing");
                throw new AssertionError("the preview did not play; page says: " + browser.text("[data-preview-status]")
                        + "; video: " + browser.driver().executeScript("var v = document.querySelector('video');"
                        + " return JSON.stringify({t: v.currentTime, paused: v.paused, ready: v.readyState,"
                        + " network: v.networkState, error: v.error && v.error.message, src: v.currentSrc})"), e);
            }
            browser.screenshot("preview-playing");
            System.out.printf("MEASURED preview in a phone browser: currentTime reached %.1f s%n", position);
        }
    }
}
