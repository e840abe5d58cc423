package dev.streamvcr.site.login;

import dev.streamvcr.Api;
import dev.streamvcr.site.fixture.LoginSite;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SiteCheckTest {

    @RegisterExtension
    static final LoginSite SITE = new LoginSite();

    @Inject
    SiteChecks checks;

    @Inject
    EntityManager em;

    @Test
    void aReservationStartingSoonWithAWrongStoredPasswordGetsAWarning() {
        Api.Account wrong = accountFor("not the password");
        Api.Account right = accountFor(LoginSite.PASSWORD);
        Api.Account noAccount = Api.newUser("user");
        long soonWrong = reservation(wrong, SITE.url("/live/1"), 10);
        long laterWrong = reservation(wrong, SITE.url("/live/2"), 120);
        long soonRight = reservation(right, SITE.url("/live/3"), 20);
        long soonAnonymous = reservation(noAccount, SITE.url("/show/4"), 5);

        assertTrue(checks.checkDue() >= 3);
        assertEquals(Optional.of("login failed for 127.0.0.1: the site said 'Wrong password'"), checks.warningFor(soonWrong));
        assertEquals("127.0.0.1", checks.latest(soonWrong).orElseThrow().site());
        assertEquals(Optional.empty(), checks.latest(laterWrong), "outside the lead time nothing is checked yet");
        assertEquals(Optional.empty(), checks.warningFor(soonRight));
        assertEquals(Boolean.TRUE, checks.latest(soonRight).orElseThrow().ok());
        assertEquals(Optional.empty(), checks.warningFor(soonAnonymous));
        assertEquals(null, checks.latest(soonAnonymous).orElseThrow().site(), "a page without a login needs no account");

        // Fixing the password clears the warning at the next check; a passed check is not repeated.
        int id = wrong.api().get("/api/v1/site-accounts").then().extract().path("[0].id");
        wrong.api().body(Map.of("password", LoginSite.PASSWORD)).put("/api/v1/site-accounts/" + id).then().statusCode(200);
        int logins = SITE.logins();
        checks.checkDue();
        assertEquals(Optional.empty(), checks.warningFor(soonWrong));
        assertEquals(Boolean.TRUE, checks.latest(soonWrong).orElseThrow().ok());
        assertEquals(logins + 1, SITE.logins(), "only the fixed reservation was checked again");
    }

    @Test
    void anAccountIsUsedOnlyForPagesOnItsHostAndPortNotForStreamsBookedDirectly() {
        Api.Account user = accountFor("not the password");
        long rtmp = reservation(user, "rtmp://127.0.0.1:1/live/cam", 10);
        long rtmps = reservation(user, "rtmps://127.0.0.1:1/live/cam", 10);
        long playlist = reservation(user, SITE.url("/hls/1/index.m3u8"), 10);
        long otherPort = reservation(user, "http://127.0.0.1:9/live/1", 10);
        long page = reservation(user, SITE.url("/live/1"), 10);

        checks.checkDue();
        for (long direct : new long[] {rtmp, rtmps, playlist, otherPort}) {
            SiteChecks.SiteCheck check = checks.latest(direct).orElseThrow();
            assertEquals(null, check.site(), "no login for reservation " + direct);
            assertEquals(Boolean.TRUE, check.ok());
            assertEquals(Optional.empty(), checks.warningFor(direct));
        }
        assertEquals(Optional.of("login failed for 127.0.0.1: the site said 'Wrong password'"), checks.warningFor(page),
                "the page on the login page's host and port is read with the account");
    }

    @Test
    void aFailingLoginBeforeAStartIsNotifiedOnceNotAtEachRetry() {
        Api.Account user = accountFor("not the password");
        user.api().body(Map.of("kind", "email", "target", "me@example.org", "events", java.util.List.of(
                "login-warning"))).post("/api/v1/notifications/channels").then().statusCode(201);
        long soon = reservation(user, SITE.url("/live/1"), 10);

        checks.checkDue();
        checks.checkDue(); // the retry finds the same failure
        io.restassured.path.json.JsonPath log = user.api().get("/api/v1/notifications/deliveries").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(java.util.List.of("login-warning"), log.getList("event"), log.prettify());
        assertTrue(checks.warningFor(soon).isPresent());
    }

    private static Api.Account accountFor(String password) {
        Api.Account user = Api.newUser("user");
        Map<String, String> body = new HashMap<>();
        body.put("site", "127.0.0.1");
        body.put("username", LoginSite.USER);
        body.put("password", password);
        body.put("loginUrl", SITE.url("/login"));
        body.put("allowHttp", "true");
        user.api().body(body).post("/api/v1/site-accounts").then().statusCode(201);
        return user;
    }

    /** A booked reservation of a page, starting in {@code minutes}; written directly, as booking pages is not ours. */
    @Transactional
    long reservation(Api.Account owner, String page, int minutes) {
        return ((Number) em.createNativeQuery("insert into reservation (owner_id, title, source_url, start_at, end_at, "
                + "state, created_at) values (?1, 'Show', ?2, now() + make_interval(mins => ?3), "
                + "now() + make_interval(mins => ?3 + 60), 'SCHEDULED', now()) returning id")
                .setParameter(1, Api.userId(owner.username())).setParameter(2, page).setParameter(3, minutes)
                .getSingleResult()).longValue();
    }
}
