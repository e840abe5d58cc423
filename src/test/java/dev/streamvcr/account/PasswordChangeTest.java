package dev.streamvcr.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.audit.AuditEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordChangeTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @Inject
    LoginThrottle throttle;

    @AfterEach
    void forgetFailures() {
        throttle.reset();
    }

    static String session(String username, String password) {
        AuthenticationTest.LoginForm form = AuthenticationTest.LoginForm.fetch();
        Response login = form.submit(username, password);
        login.then().statusCode(303);
        return login.cookie("streamvcr-session");
    }

    /** Posts a form from the page at {@code pagePath} as the browser holding {@code session} would. */
    static Response postForm(String session, String pagePath, String action, Map<String, String> fields) {
        Response page = given().cookie("streamvcr-session", session).get(pagePath);
        page.then().statusCode(200);
        Matcher m = CSRF.matcher(page.body().asString());
        assertTrue(m.find(), "page carries a CSRF token");
        return given().redirects().follow(false).cookie("streamvcr-session", session)
                .cookie("streamvcr-csrf", page.cookie("streamvcr-csrf")).formParam("csrf-token", m.group(1))
                .formParams(fields).post(action);
    }

    @Test
    void pageChangesThePasswordAndEndsOnlyTheOtherSessions() {
        Api.Account user = Api.newUser("user");
        String mine = session(user.username(), user.password());
        String other = session(user.username(), user.password());

        Response changed = postForm(mine, "/account", "/account/password", Map.of("currentPassword", user.password(),
                "newPassword", "brand-new-secret", "confirmPassword", "brand-new-secret"));
        changed.then().statusCode(303).header("Location", containsString("/account?notice=changed"));

        given().cookie("streamvcr-session", mine).get("/account?notice=changed").then().statusCode(200)
                .body(containsString("Your password is changed"));
        given().redirects().follow(false).cookie("streamvcr-session", other).get("/reservations")
                .then().statusCode(303).header("Location", containsString("/login"));
        // the API token issued before stays
        user.api().get("/api/v1/reservations").then().statusCode(200);
        AuthenticationTest.LoginForm.fetch().submit(user.username(), user.password()).then().statusCode(401);
        AuthenticationTest.LoginForm.fetch().submit(user.username(), "brand-new-secret").then().statusCode(303);

        long audited = QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "username = ?1 and action = 'password-change' and outcome = 'allowed'", user.username()));
        assertEquals(1, audited);
    }

    @Test
    void pageRefusesAWrongCurrentPasswordAndSaysWhichField() {
        Api.Account user = Api.newUser("user");
        String mine = session(user.username(), user.password());
        postForm(mine, "/account", "/account/password", Map.of("currentPassword", "not-my-password",
                "newPassword", "brand-new-secret", "confirmPassword", "brand-new-secret"))
                .then().statusCode(400).body(containsString("That is not your current password."))
                .body(containsString("the password is not changed"));
        postForm(mine, "/account", "/account/password", Map.of("currentPassword", user.password(),
                "newPassword", "brand-new-secret", "confirmPassword", "brand-new-secreT"))
                .then().statusCode(400).body(containsString("The two new passwords differ"));
        AuthenticationTest.LoginForm.fetch().submit(user.username(), user.password()).then().statusCode(303);
        long refused = QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "username = ?1 and action = 'password-change' and outcome = 'refused'", user.username()));
        assertEquals(1, refused);
    }

    @Test
    void apiChangesThePasswordAndNamesTheFieldOfABadOne() {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("currentPassword", "wrong-password", "newPassword", "brand-new-secret"))
                .post("/api/v1/account/password")
                .then().statusCode(400).body("fields.currentPassword", equalTo("That is not your current password."))
                .body("fields", not(org.hamcrest.Matchers.hasKey("newPassword")));
        user.api().body(Map.of("currentPassword", user.password(), "newPassword", "short"))
                .post("/api/v1/account/password")
                .then().statusCode(400).body("fields.newPassword", containsString("at least 8 characters"));
        user.api().body(Map.of("currentPassword", user.password(), "newPassword", user.password()))
                .post("/api/v1/account/password")
                .then().statusCode(400).body("fields.newPassword", containsString("different"));
        user.api().body("{}").post("/api/v1/account/password").then().statusCode(400)
                .body("fields.currentPassword", containsString("not your current password"));
        Api.token(user.username(), user.password());

        user.api().body(Map.of("currentPassword", user.password(), "newPassword", "brand-new-secret"))
                .post("/api/v1/account/password")
                .then().statusCode(200).body("changed", equalTo(true));
        Api.token(user.username(), "brand-new-secret");
        given().auth().preemptive().basic(user.username(), user.password())
                .contentType("application/json").post("/api/v1/tokens")
                .then().statusCode(401);
        given().auth().oauth2("no-such-token").contentType("application/json").body("{}")
                .post("/api/v1/account/password").then().statusCode(401);
    }
}
