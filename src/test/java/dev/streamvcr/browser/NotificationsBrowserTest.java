package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import dev.streamvcr.notify.WebhookReceiver;
import dev.streamvcr.notify.WebhookSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/** The notifications page: a refused webhook address, a channel added, its test sent and logged, at both sizes. */
@QuarkusTest
class NotificationsBrowserTest extends BrowserPages {

    @Inject
    Vertx vertx;

    @ParameterizedTest
    @EnumSource(Device.class)
    void aPersonAddsAWebhookSendsATestAndSeesItInTheLog(Device device) throws Exception {
        Api.Account user = Api.newUser("user");
        try (WebhookReceiver hook = new WebhookReceiver(vertx); Browser browser = Browser.start(device)) {
            browser.loginAs(user.username(), user.password());
            browser.open("/account");
            browser.submitWith("main a[href='/account/notifications']");
            assertEquals("/account/notifications", browser.path());
            assertEquals("You have no notification channels.", browser.text("#channels-empty"));

            browser.find("input[name=kind][value=webhook]").click();
            browser.type("target", "http://169.254.169.254/latest/meta-data");
            browser.submitWith("form[action='/account/notifications'] button[type=submit]");
            assertTrue(browser.text(".field-error").contains("always refused"), browser.text("main"));
            assertEquals("http://169.254.169.254/latest/meta-data", browser.value("target"), "what was typed stays");
            assertFalse(browser.horizontalOverflow(), "the refusal fits the screen");
            browser.screenshot("notifications-refused");

            browser.find("input[name=kind][value=webhook]").click();
            browser.type("target", hook.url("/phone-" + device.name()));
            browser.submitWith("form[action='/account/notifications'] button[type=submit]");
            assertTrue(browser.text(".notice").contains("Added Webhook " + hook.url("/phone-" + device.name())), browser.text("main"));

            browser.submitWith("form[action$='/test'] button[type=submit]");
            assertTrue(browser.text(".notice").startsWith("Test sent"), browser.text("main"));
            assertEquals(1, hook.received.size());
            browser.find(".channel details summary").click();
            String secret = browser.text("code.secret");
            assertTrue(WebhookSignature.verify(secret, hook.received.get(0).body(),
                    hook.received.get(0).headers().get("x-streamvcr-signature")), "the page shows the signing secret");
            assertTrue(browser.text("table.deliveries td[data-label=Status]").endsWith("sent"));
            assertEquals(1, browser.driver().findElements(By.cssSelector("table.deliveries tbody tr")).size());
            assertFalse(browser.horizontalOverflow(), "channels and the log fit the screen");
            browser.driver().executeScript("document.querySelector('.channel .actions').scrollIntoView()");
            browser.screenshot("notifications");
        }
    }
}
