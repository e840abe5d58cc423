package dev.streamvcr;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.streamvcr.reservation.ReservationState;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;

/** Test helpers for the JSON API: tokens and throw-away accounts. */
public final class Api {

    public static final String ADMIN_PASSWORD = "admin-test-password";

    private Api() {
    }

    public static String token(String username, String password) {
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON)
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }

    public static String adminToken() {
        return token("admin", ADMIN_PASSWORD);
    }

    /** The ID of an account, looked up by an admin. */
    public static long userId(String username) {
        return given().auth().oauth2(adminToken()).get("/api/v1/users").then().statusCode(200).extract().jsonPath()
                .getLong("find { it.username == '" + username + "' }.id");
    }

    /** Creates an account with a unique name and returns a token for it. */
    public static Account newUser(String role) {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        String password = "password-" + username;
        given().auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password, "role", role))
                .post("/api/v1/users").then().statusCode(201);
        return new Account(username, password, token(username, password));
    }

    /** An account created for a test. */
    public record Account(String username, String password, String token) {
        public RequestSpecification api() {
            return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
        }

        /** The reservation as this account sees it through the API. */
        public JsonPath reservation(int id) {
            return api().get("/api/v1/reservations/" + id).then().statusCode(200).extract().jsonPath();
        }

        /** The reservation once it reached a final state; fails the test when it has not by {@code deadline}. */
        public JsonPath awaitFinal(int id, Instant deadline) {
            Duration left = Duration.between(Instant.now(), deadline);
            try {
                return await().atMost(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left)
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(() -> reservation(id),
                                view -> ReservationState.valueOf(view.getString("state")).isFinal());
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("reservation " + id + " did not finish by " + deadline + ": "
                        + reservation(id).prettify(), e);
            }
        }
    }
}
