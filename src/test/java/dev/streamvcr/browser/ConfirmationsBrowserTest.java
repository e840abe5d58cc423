package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.ReservationStates;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/** Stopping, cancelling and deleting ask first; "Test login" lands on a page that can be reloaded; the icon. */
@QuarkusTest
class ConfirmationsBrowserTest extends BrowserPages {

    @Inject
    ReservationStates states;

    @ParameterizedTest
    @EnumSource(Device.class)
    void aPersonIsAskedBeforeCancellingStoppingOrDeleting(Device device) {
        Api.Account user = Api.newUser("user");
        int booked = book(user, "Evening show");
        int running = book(user, "Night show");
        states.set(running, ReservationState.RECORDING, false);
        try (Browser browser = Browser.start(device)) {
            browser.loginAs(user.username(), user.password());
            assertTrue(browser.find("link[rel=icon]").getDomAttribute("href").startsWith("/static/favicon.svg?v="));

            browser.open("/reservations/" + booked);
            browser.submitWith("a[href='/reservations/" + booked + "/cancel']");
            assertEquals("/reservations/" + booked + "/cancel", browser.path());
            browser.screenshot("confirm-cancel");
            assertEquals("Cancel “Evening show”?", browser.text("h1"));
            assertFalse(browser.horizontalOverflow(), "the question fits the screen");
            browser.submitWith("form[action='/reservations/" + booked + "/cancel'] button[type=submit]");
            assertEquals("/reservations/" + booked, browser.path());
            assertEquals("Cancelled", browser.text("[data-field=state]"));

            browser.open("/reservations/" + running);
            browser.submitWith("a[href='/reservations/" + running + "/cancel']");
            browser.screenshot("confirm-stop");
            assertEquals("Stop recording “Night show”?", browser.text("h1"));
            assertFalse(browser.horizontalOverflow(), "the question fits the screen");
            browser.submitWith("form[action='/reservations/" + running + "/cancel'] button[type=submit]");
            browser.screenshot("stopping");
            assertEquals("Stopping… what was recorded is kept.", browser.text(".actions .notice"));
            states.set(running, ReservationState.COMPLETED, true);
            browser.open("/reservations/" + running);
            browser.screenshot("stopped");
            assertEquals("Completed", browser.text("[data-field=state]"));
            assertTrue(browser.driver().findElements(By.cssSelector(".actions .notice")).isEmpty(),
                    "no \"Stopping…\" once the recording has ended");

            browser.open("/account/sites");
            browser.type("site", "127.0.0.1").type("username", "carol").type("password", "secret-1")
                    .type("loginUrl", "http://127.0.0.1:1/login");
            browser.find("input[name=allowHttp]").click();
            browser.submitWith("form[action='/account/sites'] button[type=submit]");
            browser.submitWith("form[action$='/check'] button[type=submit]");
            assertEquals("/account/sites", browser.path(), "the outcome is on a page that can be reloaded");
            assertTrue(browser.driver().getCurrentUrl().contains("checked="), browser.driver().getCurrentUrl());
            browser.screenshot("site-account-tested");
            assertEquals("login failed for 127.0.0.1: Could not load the page from 127.0.0.1: the connection was refused.",
                    browser.text("p.error[role=alert]"));
            assertFalse(browser.horizontalOverflow(), "the accounts page fits the screen");

            browser.submitWith("a.button.danger[href$='/delete']");
            browser.screenshot("confirm-delete-account");
            assertEquals("Delete your account for 127.0.0.1?", browser.text("h1"));
            assertFalse(browser.horizontalOverflow(), "the question fits the screen");
            browser.submitWith("form[action$='/delete'] button[type=submit]");
            assertEquals("Deleted your account for 127.0.0.1.", browser.text("p.notice"));
        }

        String name = "Confirm " + UUID.randomUUID().toString().substring(0, 6);
        int recipe = RestAssured.given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "urlPattern", "^http://127\\.0\\.0\\.1:\\d+/confirm/.*$",
                        "steps", List.of(Map.of("name", "v", "css", "p")), "output", "rtmp://127.0.0.1/live/{v}"))
                .post("/api/v1/admin/sites").then().statusCode(201).extract().path("id");
        try (Browser browser = Browser.start(device)) {
            browser.loginAs("admin", Api.ADMIN_PASSWORD);
            browser.open("/admin/sites/" + recipe);
            browser.submitWith("a[href='/admin/sites/" + recipe + "/delete']");
            browser.screenshot("confirm-delete-recipe");
            assertEquals("Delete the recipe “" + name + "”?", browser.text("h1"));
            assertFalse(browser.horizontalOverflow(), "the question fits the screen");
            browser.submitWith("form[action='/admin/sites/" + recipe + "/delete'] button[type=submit]");
            assertEquals("/admin/sites", browser.path());
        }
    }

    private static int book(Api.Account user, String title) {
        return user.api().body(Map.of("title", title, "sourceUrl", "rtmp://127.0.0.1:1/live/show",
                "startAt", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "durationSeconds", 1800)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }
}
