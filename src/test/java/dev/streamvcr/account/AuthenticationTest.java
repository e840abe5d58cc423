package dev.streamvcr.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @Inject
    LoginThrottle throttle;

    @AfterEach
    void forgetFailures() {
        throttle.reset();
    }

    /** A login form as a browser gets it: the CSRF cookie and the token in the page. */
    record LoginForm(String csrfCookie, String csrfToken) {
        static LoginForm fetch() {
            Response page = given().get("/login");
            page.then().statusCode(200);
            Matcher m = CSRF.matcher(page.body().asString());
            assertTrue(m.find(), "login page carries a CSRF token");
            return new LoginForm(page.cookie("streamvcr-csrf"), m.group(1));
        }

        Response submit(String username, String password) {
            return given().redirects().follow(false).cookie("streamvcr-csrf", csrfCookie)
                    .formParam("csrf-token", csrfToken).formParam("username", username)
                    .formParam("password", password).formParam("next", "/recordings")
                    .post("/login");
        }
    }

    @Test
    void browserLogsInWithSessionCookieAndOut() {
        Api.Account user = Api.newUser("user");
        Response login = LoginForm.fetch().submit(user.username(), user.password());
        login.then().statusCode(303).header("Location", containsString("/recordings"));
        String setCookie = login.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("streamvcr-session=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"), setCookie);
        String session = login.cookie("streamvcr-session");
        assertNotNull(session);

        given().cookie("streamvcr-session", session).get("/reservations")
                .then().statusCode(200).body(containsString("Log out"));

        Response page = given().cookie("streamvcr-session", session).get("/reservations");
        Matcher m = CSRF.matcher(page.body().asString());
        assertTrue(m.find());
        given().redirects().follow(false).cookie("streamvcr-session", session)
                .cookie("streamvcr-csrf", page.cookie("streamvcr-csrf")).formParam("csrf-token", m.group(1))
                .post("/logout").then().statusCode(303);
        given().redirects().follow(false).cookie("streamvcr-session", session).get("/reservations")
                .then().statusCode(303).header("Location", containsString("/login"));
    }

    @Test
    void pagesSendAnonymousVisitorsToLogin() {
        given().redirects().follow(false).get("/reservations/new")
                .then().statusCode(303).header("Location", containsString("/login?next=%2Freservations%2Fnew"));
    }

    @Test
    void loginWithoutCsrfTokenIsRefused() {
        Api.Account user = Api.newUser("user");
        given().redirects().follow(false).formParam("username", user.username())
                .formParam("password", user.password()).post("/login")
                .then().statusCode(400).body(containsString("security token"));
    }

    @Test
    void wrongPasswordAndUnknownUserShowTheSameError() {
        Api.Account user = Api.newUser("user");
        LoginForm form = LoginForm.fetch();
        form.submit(user.username(), "not-the-password").then().statusCode(401)
                .body(containsString("Wrong username or password."));
        form.submit("nobody-" + user.username(), "whatever-pass").then().statusCode(401)
                .body(containsString("Wrong username or password."));
        given().contentType(ContentType.JSON).auth().preemptive().basic("nobody-" + user.username(), "x").post("/api/v1/tokens")
                .then().statusCode(401).contentType(ContentType.JSON).body("error", equalTo("Wrong username or password."));
    }

    @Test
    void tenFailuresInAMinuteAnswer429() {
        Api.Account user = Api.newUser("user");
        for (int i = 0; i < 10; i++) {
            given().contentType(ContentType.JSON).auth().preemptive().basic(user.username(), "wrong-" + i).post("/api/v1/tokens")
                    .then().statusCode(401);
        }
        given().contentType(ContentType.JSON).auth().preemptive().basic(user.username(), user.password()).post("/api/v1/tokens")
                .then().statusCode(429).header("Retry-After", notNullValue())
                .body("error", containsString("Too many failed logins"));
        LoginForm.fetch().submit(user.username(), user.password()).then().statusCode(429);
    }

    private static io.restassured.response.ValidatableResponse tokenFrom(String forwardedFor, String username,
            String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", forwardedFor)
                .auth().preemptive().basic(username, password).post("/api/v1/tokens").then();
    }

    @Test
    void failedLoginsFromOneAddressDoNotLockTheOwnerOut() {
        Api.Account user = Api.newUser("user");
        for (int i = 0; i < 10; i++) {
            tokenFrom("203.0.113.60", user.username(), "wrong-" + i).statusCode(401);
        }
        tokenFrom("203.0.113.60", user.username(), user.password()).statusCode(429);
        tokenFrom("198.51.100.60", user.username(), user.password()).statusCode(201);
    }

    @Test
    void onlyTheRightmostUntrustedForwardedAddressCounts() {
        Api.Account user = Api.newUser("user");
        for (int i = 0; i < 10; i++) {
            tokenFrom("9.9.9." + i + ", 203.0.113.50", user.username(), "wrong-" + i).statusCode(401);
        }
        // what the client wrote to the left of what the trusted proxy (loopback) appended proves nothing
        tokenFrom("2.2.2.2, 203.0.113.50", user.username(), user.password()).statusCode(429)
                .body("error", containsString("Too many failed logins"));
        tokenFrom("203.0.113.51, 127.0.0.1", user.username(), user.password()).statusCode(201);
    }

    @Test
    void newPasswordsAreHashedAtCost12AndOlderHashesRedoneAtLogin() {
        Api.Account user = Api.newUser("user");
        assertTrue(hashOf(user.username()).startsWith("$2a$12$"), hashOf(user.username()));
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> AppUser.findByUsername(user.username())
                .orElseThrow().passwordHash = io.quarkus.elytron.security.common.BcryptUtil.bcryptHash(user.password(), 10));
        assertTrue(hashOf(user.username()).startsWith("$2a$10$"));
        Api.token(user.username(), user.password());
        assertTrue(hashOf(user.username()).startsWith("$2a$12$"), "rehashed at the login: " + hashOf(user.username()));
        Api.token(user.username(), user.password());
    }

    private static String hashOf(String username) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> AppUser.findByUsername(username).orElseThrow().passwordHash);
    }

    @Test
    void passwordsLongerThan72BytesAreRefusedNotCutShort() {
        String admin = Api.adminToken();
        String name = "long" + System.nanoTime() % 100000;
        for (String password : new String[] {"x".repeat(73), "€".repeat(25)}) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("username", name, "password", password)).post("/api/v1/users")
                    .then().statusCode(400).body("fields.password", containsString("72 bytes"));
        }
        given().auth().oauth2(admin).get("/api/v1/users").then().body("username", org.hamcrest.Matchers.not(hasItem(name)));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "é".repeat(36))).post("/api/v1/users").then().statusCode(201);
        String basic = java.util.Base64.getEncoder().encodeToString((name + ":" + "é".repeat(36))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().header("Authorization", "Basic " + basic).contentType(ContentType.JSON).post("/api/v1/tokens")
                .then().statusCode(201);
    }

    @Test
    void invalidOrMissingTokenGets401Json() {
        given().auth().oauth2("not-a-real-token").get("/api/v1/reservations")
                .then().statusCode(401).contentType(ContentType.JSON)
                .body("error", containsString("invalid or has expired"));
        given().get("/api/v1/recordings")
                .then().statusCode(401).contentType(ContentType.JSON).body("error", containsString("Log in first"));
    }

    @Inject
    TokenService tokens;

    @Test
    void expiredTokenGets401() {
        Api.Account user = Api.newUser("user");
        long userId = given().auth().oauth2(Api.adminToken()).get("/api/v1/users").then().extract().jsonPath()
                .getLong("find { it.username == '" + user.username() + "' }.id");
        String expired = tokens.issue(userId, AccessToken.API, java.time.Duration.ofSeconds(-1)).secret();
        given().auth().oauth2(expired).get("/api/v1/reservations")
                .then().statusCode(401).body("error", containsString("invalid or has expired"));
    }

    @Test
    void adminCreatesUsersAndUsersCannot() {
        Api.Account user = Api.newUser("user");
        user.api().get("/api/v1/users").then().statusCode(403);
        user.api().body(Map.of("username", "sneaky", "password", "password123")).post("/api/v1/users")
                .then().statusCode(403);
        given().auth().oauth2(Api.adminToken()).get("/api/v1/users")
                .then().statusCode(200).body("username", hasItem(user.username()));
    }

    @Test
    void badAccountsAreRefusedWithFieldNames() {
        String admin = Api.adminToken();
        long before = given().auth().oauth2(admin).get("/api/v1/users").then().extract().jsonPath().getList("$").size();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", "a b", "password", "short", "role", "king"))
                .post("/api/v1/users")
                .then().statusCode(400)
                .body("fields.username", notNullValue())
                .body("fields.password", notNullValue())
                .body("fields.role", containsString("'user' or 'admin'"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "long-enough-1"))
                .post("/api/v1/users")
                .then().statusCode(400).body("fields.username", containsString("taken"));
        long after = given().auth().oauth2(admin).get("/api/v1/users").then().extract().jsonPath().getList("$").size();
        assertEquals(before, after, "nothing was created");
    }
}
