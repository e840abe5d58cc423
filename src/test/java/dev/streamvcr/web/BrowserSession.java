package dev.streamvcr.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A logged-in browser for page tests: the session cookie, and the CSRF cookie and token a page hands out. */
public record BrowserSession(String sessionCookie) {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    public static BrowserSession login(String username, String password) {
        Form form = Form.of(given().get("/login"));
        Response login = form.with(given()).formParam("username", username).formParam("password", password)
                .post("/login");
        login.then().statusCode(303);
        return new BrowserSession(login.cookie("streamvcr-session"));
    }

    public RequestSpecification request() {
        return given().redirects().follow(false).cookie("streamvcr-session", sessionCookie);
    }

    /** Loads {@code page} and returns its form's CSRF credentials. */
    public Form form(String page) {
        return Form.of(request().get(page));
    }

    /** The CSRF cookie and hidden field of a page, ready to submit a form of it. */
    public record Form(String cookie, String token) {
        static Form of(Response page) {
            page.then().statusCode(200);
            Matcher m = CSRF.matcher(page.body().asString());
            assertTrue(m.find(), "the page carries a CSRF token");
            return new Form(page.cookie("streamvcr-csrf"), m.group(1));
        }

        public RequestSpecification with(RequestSpecification request) {
            return request.redirects().follow(false).cookie("streamvcr-csrf", cookie).formParam("csrf-token", token);
        }
    }
}
