package dev.streamvcr.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.Api;
import dev.streamvcr.audit.AuditEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminAccountsTest {

    @Inject
    LoginThrottle throttle;

    @AfterEach
    void forgetFailures() {
        throttle.reset();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    @Test
    void disabledAccountCannotLogInAndItsTokensStop() {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        String session = PasswordChangeTest.session(user.username(), user.password());

        admin().body(Map.of("disabled", true)).patch("/api/v1/users/" + id).then().statusCode(200)
                .body("disabled", equalTo(true));
        user.api().get("/api/v1/reservations").then().statusCode(401);
        given().redirects().follow(false).cookie("streamvcr-session", session).get("/reservations")
                .then().statusCode(303).header("Location", containsString("/login"));
        AuthenticationTest.LoginForm.fetch().submit(user.username(), user.password()).then().statusCode(403)
                .body(containsString("This account is disabled. Ask an admin to enable it."));
        // a wrong password reads as for anyone: nothing said about the account
        AuthenticationTest.LoginForm.fetch().submit(user.username(), "wrong-password").then().statusCode(401)
                .body(containsString("Wrong username or password."));
        given().auth().preemptive().basic(user.username(), user.password()).contentType(ContentType.JSON)
                .post("/api/v1/tokens").then().statusCode(403).body("error", containsString("disabled"));

        admin().body(Map.of("disabled", false)).patch("/api/v1/users/" + id).then().statusCode(200)
                .body("disabled", equalTo(false));
        Api.token(user.username(), user.password());
        long audited = QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "detail = ?1 and action in ('account-disable', 'account-enable')", "account '" + user.username() + "'"));
        assertEquals(2, audited);
    }

    @Test
    void resetPasswordMustBeChangedAtTheNextLogin() {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        admin().body(Map.of("password", "short")).post("/api/v1/users/" + id + "/password").then().statusCode(400)
                .body("fields.password", containsString("at least 8"));
        admin().body(Map.of("password", "given-by-admin")).post("/api/v1/users/" + id + "/password").then()
                .statusCode(200).body("mustChangePassword", equalTo(true));
        user.api().get("/api/v1/reservations").then().statusCode(401);

        var login = AuthenticationTest.LoginForm.fetch().submit(user.username(), "given-by-admin");
        login.then().statusCode(303).header("Location", containsString("/account/new-password"));
        String session = login.cookie("streamvcr-session");
        given().redirects().follow(false).cookie("streamvcr-session", session).get("/recordings")
                .then().statusCode(303).header("Location", containsString("/account/new-password"));
        given().auth().preemptive().basic(user.username(), "given-by-admin").contentType(ContentType.JSON)
                .post("/api/v1/tokens").then().statusCode(403).body("error", containsString("reset your password"));

        PasswordChangeTest.postForm(session, "/account/new-password", "/account/new-password",
                Map.of("newPassword", "given-by-admin", "confirmPassword", "given-by-admin"))
                .then().statusCode(400).body(containsString("not the one the admin gave you"));
        PasswordChangeTest.postForm(session, "/account/new-password", "/account/new-password",
                Map.of("newPassword", "mine-at-last", "confirmPassword", "mine-at-last"))
                .then().statusCode(303).header("Location", containsString("/reservations"));
        given().redirects().follow(false).cookie("streamvcr-session", session).get("/recordings")
                .then().statusCode(200);
        Api.token(user.username(), "mine-at-last");
    }

    @Test
    void roleChangesAndTheLastAdminIsKept() {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        admin().body(Map.of("role", "boss")).patch("/api/v1/users/" + id).then().statusCode(400)
                .body("fields.role", containsString("'user' or 'admin'"));
        admin().body(Map.of("role", "admin")).patch("/api/v1/users/" + id).then().statusCode(200)
                .body("role", equalTo("admin"));
        admin().body(Map.of("role", "user")).patch("/api/v1/users/" + id).then().statusCode(200)
                .body("role", equalTo("user"));

        // leave 'admin' the only admin who can log in, for this test only
        List<Long> others = QuarkusTransaction.requiringNew().call(() -> AppUser.<AppUser>list(
                "role = 'admin' and disabled = false and username <> 'admin'").stream().map(u -> u.id).toList());
        QuarkusTransaction.requiringNew().run(() -> AppUser.update("disabled = true where id in ?1", others));
        try {
            long adminId = Api.userId("admin");
            admin().body(Map.of("role", "user")).patch("/api/v1/users/" + adminId).then().statusCode(409)
                    .body("error", containsString("'admin' is the last admin who can log in"));
            admin().body(Map.of("disabled", true)).patch("/api/v1/users/" + adminId).then().statusCode(409)
                    .body("error", containsString("last admin"));
            String session = PasswordChangeTest.session("admin", Api.ADMIN_PASSWORD);
            PasswordChangeTest.postForm(session, "/admin/users/" + adminId, "/admin/users/" + adminId + "/role",
                    Map.of("role", "user")).then().statusCode(409)
                    .body(containsString("is the last admin who can log in"));
            admin().get("/api/v1/users/" + adminId).then().body("role", equalTo("admin")).body("disabled", equalTo(false));
        } finally {
            if (!others.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> AppUser.update("disabled = false where id in ?1", others));
            }
        }
    }

    @Test
    void adminPageDisablesAndResets() {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        String session = PasswordChangeTest.session("admin", Api.ADMIN_PASSWORD);
        PasswordChangeTest.postForm(session, "/admin/users/" + id, "/admin/users/" + id + "/disable", Map.of())
                .then().statusCode(303);
        given().cookie("streamvcr-session", session).get("/admin/users/" + id).then().statusCode(200)
                .body(containsString("cannot log in")).body(containsString("Enable the account"));
        PasswordChangeTest.postForm(session, "/admin/users/" + id, "/admin/users/" + id + "/password",
                Map.of("password", "short")).then().statusCode(400)
                .body(containsString("Use a password of at least 8 characters."));
        given().cookie("streamvcr-session", session).get("/admin/users/999999999").then().statusCode(404);
    }
}
