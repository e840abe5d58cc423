package dev.streamvcr.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.audit.AuditEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiTokensTest {

    @Inject
    TokenService tokens;

    static String namedToken(Api.Account user, String name) {
        return given().auth().preemptive().basic(user.username(), user.password()).contentType(ContentType.JSON)
                .queryParam("name", name).post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    @Test
    void listsOwnTokensWithNameAndTimesAndRevokesOne() {
        Api.Account user = Api.newUser("user");
        String laptop = namedToken(user, "laptop script");
        given().auth().oauth2(laptop).get("/api/v1/reservations").then().statusCode(200);

        JsonPath list = given().auth().oauth2(laptop).get("/api/v1/tokens").then().statusCode(200)
                .body("$", hasSize(2)).body(not(containsString(laptop))).extract().jsonPath();
        assertEquals("laptop script", list.getString("[0].name"));
        assertTrue(list.getString("[0].lastUsedAt") != null, "the token just used has a last-used time");
        assertEquals(null, list.getString("[1].name"));
        long laptopId = list.getLong("[0].id");
        long otherId = list.getLong("[1].id");

        // another person can neither see nor revoke them
        Api.Account stranger = Api.newUser("user");
        stranger.api().get("/api/v1/tokens").then().statusCode(200).body("$", hasSize(1));
        stranger.api().delete("/api/v1/tokens/" + laptopId).then().statusCode(404)
                .body("error", containsString("no API token"));

        user.api().delete("/api/v1/tokens/" + laptopId).then().statusCode(204);
        given().auth().oauth2(laptop).get("/api/v1/reservations").then().statusCode(401);
        user.api().get("/api/v1/tokens").then().statusCode(200).body("$", hasSize(1)).body("[0].id",
                equalTo((int) otherId));
        long audited = QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "username = ?1 and action = 'token-revoke'", user.username()));
        assertEquals(1, audited);
    }

    @Test
    void refusesATooLongName() {
        Api.Account user = Api.newUser("user");
        given().auth().preemptive().basic(user.username(), user.password()).contentType(ContentType.JSON)
                .queryParam("name", "x".repeat(101)).post("/api/v1/tokens").then().statusCode(400)
                .body("fields.name", containsString("at most 100"));
    }

    @Test
    void pageListsTokensAndRevokesOne() {
        Api.Account user = Api.newUser("user");
        namedToken(user, "backup job");
        String session = PasswordChangeTest.session(user.username(), user.password());
        String page = given().cookie("streamvcr-session", session).get("/account").then().statusCode(200)
                .body(containsString("backup job")).body(containsString("never used")).extract().asString();
        long id = user.api().get("/api/v1/tokens").then().extract().jsonPath()
                .getLong("find { it.name == 'backup job' }.id");
        assertTrue(page.contains("href=\"/account/tokens/" + id + "/revoke\""), "the page asks first: " + page);
        assertFalse(page.contains("action=\"/account/tokens/" + id + "/revoke\""), "nothing revoked in one click");
        String confirm = "/account/tokens/" + id + "/revoke";
        given().cookie("streamvcr-session", session).get(confirm).then().statusCode(200)
                .body(containsString("Revoke the API token “backup job”?"))
                .body(containsString("action=\"" + confirm + "\"")).body(containsString("Keep it"));
        Api.Account other = Api.newUser("user");
        given().cookie("streamvcr-session", PasswordChangeTest.session(other.username(), other.password()))
                .get(confirm).then().statusCode(404);
        user.api().get("/api/v1/tokens").then().body("name", org.hamcrest.Matchers.hasItem("backup job"));
        PasswordChangeTest.postForm(session, confirm, confirm, Map.of())
                .then().statusCode(303).header("Location", containsString("revoked=backup+job"));
        given().cookie("streamvcr-session", session).queryParam("revoked", "backup job").get("/account").then().statusCode(200)
                .body(containsString("Revoked the API token &#39;backup job&#39;"))
                .body(not(containsString("/account/tokens/" + id + "/revoke")));
        PasswordChangeTest.postForm(session, "/account", "/account/tokens/" + id + "/revoke", Map.of())
                .then().statusCode(404);
    }

    @Test
    void expiredTokensArePurged() {
        Api.Account user = Api.newUser("user");
        long userId = Api.userId(user.username());
        TokenService.IssuedToken old = tokens.issue(userId, AccessToken.API, java.time.Duration.ofMillis(1), "old");
        QuarkusTransaction.requiringNew().run(() -> AccessToken.update("expiresAt = ?1 where id = ?2",
                Instant.now().minusSeconds(60), old.id()));
        user.api().get("/api/v1/tokens").then().statusCode(200).body("name", not(org.hamcrest.Matchers.hasItem("old")));
        assertTrue(tokens.deleteExpired() >= 1);
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> AccessToken.count("id", old.id())));
    }
}
