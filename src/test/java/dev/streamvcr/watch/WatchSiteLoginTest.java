package dev.streamvcr.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.site.fixture.LoginSite;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A watched page behind a login is read with the owner's site account; a refused login is a failed check. */
@QuarkusTest
class WatchSiteLoginTest {

    @RegisterExtension
    static final LoginSite SITE = new LoginSite();

    @Inject
    EntityManager em;

    @Test
    void aWrongStoredPasswordFailsTheCheckOnceUntilItIsFixed() {
        Api.Account user = Api.newUser("user");
        Map<String, String> account = new HashMap<>();
        account.put("site", "127.0.0.1");
        account.put("username", LoginSite.USER);
        account.put("password", "not the password");
        account.put("loginUrl", SITE.url("/login"));
        account.put("allowHttp", "true");
        int accountId = user.api().body(account).post("/api/v1/site-accounts").then().statusCode(201)
                .extract().path("id");
        int id = user.api().body(Map.of("title", "Members' channel", "pageUrl", SITE.url("/members/7"),
                "intervalMinutes", 1)).post("/api/v1/watches").then().statusCode(201).extract().path("id");

        JsonPath failed = WatchCalls.awaitCheck(user, id, Instant.EPOCH);
        assertEquals("FAILED", failed.getString("outcome"), failed.prettify());
        assertTrue(failed.getString("reason").contains("login failed for 127.0.0.1: the site said 'Wrong password'"),
                failed.getString("reason"));
        WatchCalls.checkNow(em, user, id);
        assertEquals(List.of("FAILED"), WatchCalls.history(user, id), "the same failure is written once");
        assertEquals(0, WatchCalls.reservations(user).size());

        user.api().body(Map.of("password", LoginSite.PASSWORD)).put("/api/v1/site-accounts/" + accountId).then()
                .statusCode(200);
        int logins = SITE.logins();
        JsonPath fixed = WatchCalls.checkNow(em, user, id);
        assertNotEquals("FAILED", fixed.getString("outcome"), fixed.prettify());
        assertTrue(SITE.logins() > logins, "the page was read logged in with the fixed account");
        assertEquals(2, WatchCalls.history(user, id).size(), fixed.prettify());
        WatchCalls.reservations(user).forEach(r -> user.api().delete("/api/v1/reservations/" + r.get("id")));
    }
}
