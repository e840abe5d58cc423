package dev.streamvcr.site.login;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** "Test login" on the site accounts page answers with a redirect, so reloading the result logs in no more. */
@QuarkusTest
class TestLoginPageTest {

    @Test
    void theOutcomeIsShownOnAPageThatCanBeReloaded() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.form("/account/sites").with(browser.request())
                .formParam("site", "127.0.0.1").formParam("username", "carol").formParam("password", "secret-1")
                .formParam("loginUrl", "http://127.0.0.1:1/login").formParam("allowHttp", "on")
                .post("/account/sites").then().statusCode(201);
        int id = user.api().get("/api/v1/site-accounts").then().extract().path("[0].id");

        Response checked = browser.form("/account/sites").with(browser.request()).post("/account/sites/" + id + "/check");
        checked.then().statusCode(303);
        String location = checked.header("Location");
        assertEquals("/account/sites?checked=" + id + "&ok=false#site-account-" + id,
                location.replaceFirst("^https?://[^/]+", ""));
        String error = user.api().get("/api/v1/site-accounts").then().extract().path("[0].lastError");
        browser.request().get(location).then().statusCode(200)
                .body(containsString("<p class=\"error\" role=\"alert\">" + error + "</p>"))
                .body(not(containsString("OK: logged in")));

        Api.Account other = Api.newUser("user");
        BrowserSession.login(other.username(), other.password()).request().get(location).then().statusCode(200)
                .body(not(containsString("role=\"alert\"")));
    }
}
