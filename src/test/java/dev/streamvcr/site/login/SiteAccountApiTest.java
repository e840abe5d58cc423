package dev.streamvcr.site.login;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SiteAccountApiTest {

    @Inject
    EntityManager em;

    @Test
    void passwordsGoInAndNeverComeOutAndAreEncryptedAtRest() {
        Api.Account user = Api.newUser("user");
        String secret = "s3cret-" + user.username();
        int id = user.api().body(Map.of("site", "Live.Example.COM", "username", "bob", "password", secret))
                .post("/api/v1/site-accounts").then().statusCode(201)
                .body("site", equalTo("live.example.com"))
                .body("passwordStored", equalTo(true))
                .body("$", not(hasKey("password")))
                .body(not(containsString(secret)))
                .extract().path("id");
        user.api().get("/api/v1/site-accounts").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].username", equalTo("bob"))
                .body(not(containsString(secret)));
        byte[] stored = sealedPassword(id);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(secret), "only ciphertext in the database");
        assertTrue(stored.length > secret.length() + 16);

        user.api().body(Map.of("password", "another-" + secret)).put("/api/v1/site-accounts/" + id)
                .then().statusCode(200).body(not(containsString(secret)));
        assertFalse(java.util.Arrays.equals(stored, sealedPassword(id)), "the replaced password is sealed anew");
        user.api().delete("/api/v1/site-accounts/" + id).then().statusCode(204);
        user.api().get("/api/v1/site-accounts").then().body("size()", equalTo(0));
    }

    @Test
    void eachUserSeesOnlyTheirOwnAccountsAdminsIncluded() {
        Api.Account owner = Api.newUser("user");
        Api.Account other = Api.newUser("user");
        Api.Account admin = Api.newUser("admin");
        int id = owner.api().body(Map.of("site", "tv.example", "username", "o", "password", "pw"))
                .post("/api/v1/site-accounts").then().statusCode(201).extract().path("id");
        for (Api.Account stranger : new Api.Account[] {other, admin}) {
            stranger.api().get("/api/v1/site-accounts").then().statusCode(200).body("size()", equalTo(0));
            stranger.api().body(Map.of("password", "taken-over")).put("/api/v1/site-accounts/" + id)
                    .then().statusCode(404).body("error", containsString("no site account"));
            stranger.api().delete("/api/v1/site-accounts/" + id).then().statusCode(404);
            stranger.api().post("/api/v1/site-accounts/" + id + "/check").then().statusCode(404);
        }
        owner.api().get("/api/v1/site-accounts").then().body("size()", equalTo(1));
        io.restassured.RestAssured.given().get("/api/v1/site-accounts").then().statusCode(401);
    }

    @Test
    void badInputIsAnsweredWithFieldErrors() {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("site", "not a/host!", "username", "", "password", "", "loginUrl", "ftp://x"))
                .post("/api/v1/site-accounts").then().statusCode(400)
                .body("fields.site", containsString("host name"))
                .body("fields.username", containsString("user name"))
                .body("fields.password", containsString("password"))
                .body("fields.loginUrl", containsString("https://"));
        user.api().body("{\"site\": ").post("/api/v1/site-accounts").then().statusCode(400)
                .body("error", containsString("not valid JSON"));
        user.api().body(Map.of("site", "dup.example", "username", "a", "password", "b")).post("/api/v1/site-accounts")
                .then().statusCode(201);
        user.api().body(Map.of("site", "DUP.example", "username", "a", "password", "b")).post("/api/v1/site-accounts")
                .then().statusCode(400).body("fields.site", containsString("already have an account for dup.example"));
    }

    @Test
    void thePageStoresReplacesAndDeletesWithoutEverShowingThePassword() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String secret = "page-secret-" + user.username();
        browser.form("/account/sites").with(browser.request())
                .formParam("site", "cam.example").formParam("username", "carol").formParam("password", secret)
                .post("/account/sites").then().statusCode(201)
                .body(containsString("Stored your account for cam.example"))
                .body(containsString("password stored"))
                .body(not(containsString(secret)));
        int id = user.api().get("/api/v1/site-accounts").then().extract().path("[0].id");
        browser.form("/account/sites").with(browser.request())
                .formParam("site", "").formParam("username", "x").formParam("password", "y")
                .post("/account/sites").then().statusCode(400).body(containsString("Enter the site"));
        browser.form("/account/sites").with(browser.request()).formParam("password", "new-" + secret)
                .post("/account/sites/" + id).then().statusCode(200)
                .body(containsString("Updated your account for cam.example")).body(not(containsString(secret)));
        // What another site could send riding on the session cookie is refused.
        browser.request().contentType("text/plain").body("x").post("/account/sites/" + id + "/delete")
                .then().statusCode(403).body(containsString("must come from a StreamVCR page"));
        browser.request().contentType(ContentType.URLENC).formParam("x", "1").post("/account/sites/" + id + "/delete")
                .then().statusCode(400);
        user.api().get("/api/v1/site-accounts").then().body("size()", equalTo(1));
        browser.form("/account/sites").with(browser.request()).post("/account/sites/" + id + "/delete")
                .then().statusCode(200).body(containsString("Deleted your account for cam.example"));
        user.api().get("/api/v1/site-accounts").then().body("size()", equalTo(0));
    }

    @Transactional
    byte[] sealedPassword(int id) {
        Object bytes = em.createNativeQuery("select password_sealed from site_account where id = ?1")
                .setParameter(1, (long) id).getSingleResult();
        assertEquals(byte[].class, bytes.getClass());
        return (byte[]) bytes;
    }
}
