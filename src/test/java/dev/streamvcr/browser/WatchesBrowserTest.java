package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import dev.streamvcr.site.fixture.ChannelSite;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/** The channel watches page in a real browser, at phone and desktop size: a refused form, a watch, pause, delete. */
@QuarkusTest
class WatchesBrowserTest extends BrowserPages {

    @RegisterExtension
    static final ChannelSite SITE = new ChannelSite();

    @ParameterizedTest
    @EnumSource(Device.class)
    void watchAChannelPauseItAndDeleteIt(Device device) {
        Api.Account user = Api.newUser("user");
        SITE.offline();
        try (Browser browser = Browser.start(device)) {
            browser.loginAs(user.username(), user.password());
            browser.submitWith("nav a[href='/watches']");
            assertEquals("/watches", browser.path());
            assertTrue(browser.text(".list").contains("No channel watches yet."), browser.text(".list"));
            assertFalse(browser.horizontalOverflow(), "the empty page with its form fits the screen");

            browser.type("title", "Night channel").type("pageUrl", "ftp://127.0.0.1/channel/night")
                    .type("intervalMinutes", "2");
            browser.submitWith("form[action='/watches'] button[type=submit]");
            assertTrue(browser.text(".field-error").contains("http:// or https://"), browser.text(".field-error"));
            assertEquals("Night channel", browser.value("title"), "what was typed is kept");
            browser.screenshot("watch-refused");
            assertFalse(browser.horizontalOverflow(), "the refused form fits the screen");

            browser.type("pageUrl", SITE.url("/channel/night")).type("fromTime", "");
            browser.find("input[name=days][value=SATURDAY]").click();
            browser.find("input[name=days][value=SUNDAY]").click();
            browser.submitWith("form[action='/watches'] button[type=submit]");
            assertTrue(browser.text("[role=status]").contains("Watching " + SITE.url("/channel/night")),
                    browser.text("[role=status]"));
            String item = browser.text(".list .item");
            assertTrue(item.contains("Night channel") && item.contains("Every 2 min, sat sun"), item);
            List<Integer> ids = user.api().get("/api/v1/watches").then().statusCode(200).extract().path("id");
            assertEquals(1, ids.size());
            int id = ids.get(0);
            browser.screenshot("watch-created");
            assertFalse(browser.horizontalOverflow(), "the list fits the screen");

            browser.submitWith("#watch-" + id + " form[action='/watches/" + id + "/pause'] button");
            assertEquals("Paused", browser.text("#watch-" + id + " .state"));
            user.api().get("/api/v1/watches/" + id).then().statusCode(200)
                    .body("paused", org.hamcrest.Matchers.equalTo(true));
            browser.submitWith("#watch-" + id + " form[action='/watches/" + id + "/resume'] button");
            assertFalse("Paused".equals(browser.text("#watch-" + id + " .state")));

            browser.submitWith("#watch-" + id + " a[href='/watches/" + id + "/delete']");
            assertTrue(browser.text("h1").contains("Delete the watch \"Night channel\"?"), browser.text("h1"));
            browser.screenshot("watch-delete-confirm");
            assertFalse(browser.horizontalOverflow(), "the confirmation fits the screen");
            browser.submitWith("button.danger");
            assertTrue(browser.text("[role=status]").contains("Deleted the watch \"Night channel\""));
            assertTrue(browser.driver().findElements(By.cssSelector(".list .item")).isEmpty());
            user.api().get("/api/v1/watches/" + id).then().statusCode(404);
        }
    }
}
