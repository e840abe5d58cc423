package dev.streamvcr.site.login;

import dev.streamvcr.Api;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.fixture.LoginSite;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SiteLoginTest {

    @RegisterExtension
    static final LoginSite SITE = new LoginSite();

    @Inject
    SiteLogin login;

    @Inject
    EntityManager em;

    @Test
    void logsInThroughTheFormKeepsTheCookiesSealedAndReusesThem() throws Exception {
        Api.Account user = account(LoginSite.PASSWORD, SITE.url("/login"));
        long owner = Api.userId(user.username());
        int before = SITE.logins();

        SiteLogin.Outcome first = login.verify(owner, "127.0.0.1");
        assertTrue(first.ok(), first.message());
        assertEquals("logged in to 127.0.0.1", first.message());
        assertEquals(before + 1, SITE.logins(), "the hidden token, pre-login cookie and submit button were all sent");

        String sealed = new String(sealedCookies(owner), StandardCharsets.ISO_8859_1);
        assertFalse(sealed.contains("sid"), "cookie names and values are only stored encrypted");

        SiteSession session = login.session(owner, "127.0.0.1");
        FetchedPage live = session.get(URI.create(SITE.url("/live/42")));
        assertTrue(live.text().contains("data-server=\"127.0.0.1:1935\""), live.text());
        SiteLogin.Outcome again = login.verify(owner, "127.0.0.1");
        assertEquals("logged in to 127.0.0.1 (the kept session still works)", again.message());
        assertEquals(before + 1, SITE.logins(), "the kept session was reused, not a new login");
    }

    @Test
    void anExpiredSessionIsRenewedByLoggingInAgain() throws Exception {
        Api.Account user = account(LoginSite.PASSWORD, SITE.url("/login"));
        long owner = Api.userId(user.username());
        assertTrue(login.verify(owner, "127.0.0.1").ok());
        int afterFirst = SITE.logins();

        SITE.expireSessions();
        SiteSession session = login.session(owner, "127.0.0.1");
        FetchedPage live = session.get(URI.create(SITE.url("/live/7")));
        assertTrue(live.text().contains("7-hd"), "the page after logging in again: " + live.text());
        assertEquals(afterFirst + 1, SITE.logins());

        SITE.expireSessions();
        SiteLogin.Outcome checked = login.verify(owner, "127.0.0.1");
        assertTrue(checked.ok(), checked.message());
        assertEquals("logged in to 127.0.0.1", checked.message());
        assertEquals(afterFirst + 2, SITE.logins());
    }

    @Test
    void aWrongPasswordSaysWhatTheSiteSaid() {
        Api.Account user = account("wrong", SITE.url("/login"));
        long owner = Api.userId(user.username());
        SiteLogin.Outcome outcome = login.verify(owner, "127.0.0.1");
        assertFalse(outcome.ok());
        assertEquals("login failed for 127.0.0.1: the site said 'Wrong password'", outcome.message());
        user.api().get("/api/v1/site-accounts").then().statusCode(200)
                .body("[0].lastError", org.hamcrest.Matchers.equalTo(outcome.message()));
        SiteException e = org.junit.jupiter.api.Assertions.assertThrows(SiteException.class,
                () -> login.session(owner, "127.0.0.1"));
        assertEquals(outcome.message(), e.getMessage());
    }

    @Test
    void aPageWithoutALoginFormIsNamed() {
        Api.Account user = account(LoginSite.PASSWORD, SITE.url("/show/1"));
        long owner = Api.userId(user.username());
        SiteLogin.Outcome outcome = login.verify(owner, "127.0.0.1");
        assertEquals("login failed for 127.0.0.1: no login form found at " + SITE.url("/show/1"), outcome.message());
        assertFalse(outcome.ok());
    }

    @Test
    void withoutAStoredAccountTheMessageSaysWhereToAddOne() {
        Api.Account user = Api.newUser("user");
        Executable noAccount = () -> login.session(Api.userId(user.username()), "127.0.0.1");
        SiteException e = org.junit.jupiter.api.Assertions.assertThrows(SiteException.class, noAccount);
        assertEquals("login failed for 127.0.0.1: no account is stored for it; add one on the Site accounts page",
                e.getMessage());
    }

    @Test
    void theCheckButtonOfTheApiLogsIn() {
        Api.Account user = account(LoginSite.PASSWORD, SITE.url("/login"));
        int id = user.api().get("/api/v1/site-accounts").then().extract().path("[0].id");
        user.api().post("/api/v1/site-accounts/" + id + "/check").then().statusCode(200)
                .body("ok", org.hamcrest.Matchers.equalTo(true))
                .body("message", org.hamcrest.Matchers.startsWith("logged in to 127.0.0.1"));
    }

    private static Api.Account account(String password, String loginUrl) {
        Api.Account user = Api.newUser("user");
        Map<String, String> body = new HashMap<>();
        body.put("site", "127.0.0.1");
        body.put("username", LoginSite.USER);
        body.put("password", password);
        body.put("loginUrl", loginUrl);
        body.put("allowHttp", "true");
        user.api().body(body).post("/api/v1/site-accounts").then().statusCode(201);
        return user;
    }

    @Transactional
    byte[] sealedCookies(long owner) {
        return (byte[]) em.createNativeQuery("select cookies_sealed from site_account where owner_id = ?1")
                .setParameter(1, owner).getSingleResult();
    }
}
