package dev.streamvcr.site;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.site.fixture.StickamLikeSite;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An admin adds the Stickam-like site without code: the recipe typed into the /admin/sites form, their own account
 * for it stored on the Site accounts page, then the Test button shows every value the recipe found, step by step.
 * The same forms a browser posts, with their CSRF tokens.
 */
@QuarkusTest
class StickamLikeRecipePagesTest {

    @RegisterExtension
    static final StickamLikeSite SITE = new StickamLikeSite().performer("mika", "50712").rtmpHost("127.0.0.1:1935");

    /** The recipe as an admin types it into the form. */
    private static String definition(String name) {
        return """
                name: %s
                urlPattern: '^http://127\\.0\\.0\\.1:%d/profile/(?<performer>[\\w-]+)$'
                login:
                  url: %s
                  success:
                    cookie: stk_session
                steps:
                  - name: flashvars
                    css: 'object#stickam_player param[name=flashvars]'
                    attribute: value
                  - name: server
                    from: flashvars
                    regex: 'server=([^&]+)'
                  - name: streamId
                    from: flashvars
                    regex: 'streamId=(\\d+)'
                  - name: viewerKey
                    from: flashvars
                    regex: 'viewerKey=(\\w+)'
                output: 'rtmp://{server}/video_chat/{streamId} conn=S:{viewerKey} live=1'
                """.formatted(name, SITE.port(), SITE.url("/login"));
    }

    @Test
    void anAdminAddsTheSiteThroughTheFormsAndTheTestButtonShowsEveryStep() {
        String name = "Stickam UI " + UUID.randomUUID().toString().substring(0, 6);
        BrowserSession admin = BrowserSession.login("admin", Api.ADMIN_PASSWORD);
        String location = admin.form("/admin/sites").with(admin.request()).formParam("definition", definition(name))
                .post("/admin/sites").then().statusCode(303).extract().header("Location");
        String recipePage = URI.create(location).getPath();
        admin.request().get(recipePage).then().statusCode(200).body(containsString(name));

        // Before the admin stores an account, the Test button says what is missing.
        String missing = admin.form(recipePage).with(admin.request()).formParam("url", SITE.url("/profile/mika"))
                .post(recipePage + "/test").then().statusCode(200).extract().asString();
        assertTrue(Jsoup.parse(missing).text().contains("Failed: login: login failed for " + name.toLowerCase()
                + ": no account is stored for it"), Jsoup.parse(missing).text());

        admin.form("/account/sites").with(admin.request()).formParam("site", name)
                .formParam("username", StickamLikeSite.USER).formParam("password", StickamLikeSite.PASSWORD)
                .formParam("loginUrl", SITE.url("/login")).formParam("allowHttp", "on").post("/account/sites").then().statusCode(201)
                .body(containsString("Stored your account for " + name.toLowerCase()));

        int loginsBefore = SITE.logins();
        String tested = admin.form(recipePage).with(admin.request()).formParam("url", SITE.url("/profile/mika"))
                .post(recipePage + "/test").then().statusCode(200).extract().asString();
        Document page = Jsoup.parse(tested);
        Map<String, String> values = new LinkedHashMap<>();
        for (Element row : page.select("table.steps tbody tr")) {
            values.put(row.child(0).text(), row.child(2).text());
            System.out.printf("RECIPE STEP %-12s %s%n", row.child(0).text(), row.child(2).text());
        }
        assertEquals(SITE.logins(), loginsBefore + 1, "the test logged in with the admin's own account");
        assertEquals("mika", values.get("performer"), "the URL pattern's named group");
        assertEquals(SITE.url("/profile/mika"), values.get("page"));
        String flashvars = values.get("flashvars");
        assertTrue(flashvars.startsWith("server=127.0.0.1:1935&streamId=50712&viewerKey="), flashvars);
        assertEquals("127.0.0.1:1935", values.get("server"));
        assertEquals("50712", values.get("streamId"));
        String key = values.get("viewerKey");
        assertTrue(key.matches("[0-9a-f]{32}"), key);
        assertTrue(flashvars.contains("viewerKey=" + key + "&"), "each value comes from the one before it");
        assertEquals("Source: rtmp://127.0.0.1:1935/video_chat/50712 conn=S:" + key + " live=1",
                page.selectFirst("p.notice[role=status]").text());
        assertNull(page.selectFirst("p.error[role=alert]"), "no step failed");
        assertTrue(page.select("table.steps .error").isEmpty());

        // What the admin made is what a booking uses: a user with their own account books a profile page.
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("site", name, "username", StickamLikeSite.USER, "password", StickamLikeSite.PASSWORD,
                "loginUrl", SITE.url("/login"), "allowHttp", true))
                .post("/api/v1/site-accounts").then().statusCode(201);
        JsonPath booked = PageBookings.book(user, "Mika", SITE.url("/profile/mika"),
                Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), 60);
        assertEquals("recipe:" + name, booked.getString("resolution.via"), booked.prettify());
        assertTrue(booked.getString("resolution.source").startsWith("rtmp://127.0.0.1:1935/video_chat/50712 conn=S:"));
        user.api().delete("/api/v1/reservations/" + booked.getInt("id")).then().statusCode(200);
    }
}
