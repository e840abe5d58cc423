package dev.streamvcr.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.browser.Browser.Device;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The account page (password, API tokens) and an admin's account pages, at phone and desktop size. */
@QuarkusTest
class AccountsBrowserTest extends BrowserPages {

    @ParameterizedTest
    @EnumSource(Device.class)
    void aPersonChangesTheirPasswordAndRevokesAToken(Device device) {
        Api.Account user = Api.newUser("user");
        RestAssured.given().auth().preemptive().basic(user.username(), user.password()).contentType(ContentType.JSON)
                .queryParam("name", "nightly backup script").post("/api/v1/tokens").then().statusCode(201);
        try (Browser browser = Browser.start(device)) {
            browser.loginAs(user.username(), user.password());
            browser.submitWith("nav a[href='/account']");
            assertEquals("/account", browser.path());
            assertEquals("nightly backup script", browser.text("ul.list .title"));
            assertFalse(browser.horizontalOverflow(), "the account page fits the screen");
            browser.screenshot("account");

            browser.type("currentPassword", "not-my-password").type("newPassword", "a-new-password")
                    .type("confirmPassword", "a-new-password")
                    .submitWith("form[action='/account/password'] button[type=submit]");
            assertEquals("That is not your current password.", browser.text(".field-error"));
            assertFalse(browser.horizontalOverflow());
            browser.screenshot("account-wrong-password");

            browser.type("currentPassword", user.password()).type("newPassword", "a-new-password")
                    .type("confirmPassword", "a-new-password")
                    .submitWith("form[action='/account/password'] button[type=submit]");
            assertTrue(browser.text(".notice").contains("Your password is changed"), browser.text("main"));

            String revoke = browser.driver().findElement(org.openqa.selenium.By.xpath(
                    "//li[contains(., 'nightly backup script')]//a[contains(@href, '/revoke')]")).getAttribute("href");
            browser.open(java.net.URI.create(revoke).getPath());
            assertTrue(browser.text("h1").contains("nightly backup script"), browser.text("main"));
            assertFalse(browser.horizontalOverflow(), "the revoke question fits the screen");
            browser.screenshot("account-revoke-confirm");
            browser.submitWith(".actions form button[type=submit]");
            assertTrue(browser.text(".notice").contains("Revoked the API token 'nightly backup script'"));
            // the token the account was made with stays; the named one is gone from the list
            assertEquals(1, browser.driver().findElements(org.openqa.selenium.By.cssSelector(
                    "a[href^='/account/tokens/']")).size());
            assertFalse(browser.text("ul.list").contains("nightly backup script"));
        }
    }

    @ParameterizedTest
    @EnumSource(Device.class)
    void anAdminResetsDisablesAndIsAskedBeforeDeleting(Device device) {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        try (Browser admin = Browser.start(device)) {
            admin.loginAs("admin", Api.ADMIN_PASSWORD);
            admin.open("/admin/users");
            admin.submitWith("a[href='/admin/users/" + id + "']");
            assertEquals(user.username(), admin.text("h1"));
            admin.type("password", "from-the-admin")
                    .submitWith("form[action='/admin/users/" + id + "/password'] button[type=submit]");
            assertTrue(admin.text(".notice").contains("it must be changed at the next login"));
            assertFalse(admin.horizontalOverflow(), "the account page fits the screen");
            admin.screenshot("admin-user");

            admin.submitWith("a[href='/admin/users/" + id + "/delete']");
            assertEquals("Delete the account “" + user.username() + "”?", admin.text("h1"));
            assertFalse(admin.horizontalOverflow(), "the question fits the screen");
            admin.screenshot("confirm-delete-user");
            admin.submitWith("a.secondary");
            assertEquals("/admin/users/" + id, admin.path());
        }
        try (Browser person = Browser.start(device)) {
            person.open("/login");
            person.type("username", user.username()).type("password", "from-the-admin")
                    .submitWith("form[action='/login'] button[type=submit]");
            assertEquals("/account/new-password", person.path());
            assertFalse(person.horizontalOverflow());
            person.screenshot("forced-new-password");
            person.type("newPassword", "chosen-by-me").type("confirmPassword", "chosen-by-me")
                    .submitWith("form[action='/account/new-password'] button[type=submit]");
            assertEquals("/reservations", person.path());
        }
        RestAssured.given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("disabled", true)).patch("/api/v1/users/" + id).then().statusCode(200);
        try (Browser person = Browser.start(device)) {
            person.open("/login");
            person.type("username", user.username()).type("password", "chosen-by-me")
                    .submitWith("form[action='/login'] button[type=submit]");
            assertEquals("This account is disabled. Ask an admin to enable it.", person.text(".error"));
            person.screenshot("login-disabled");
        }
    }
}
