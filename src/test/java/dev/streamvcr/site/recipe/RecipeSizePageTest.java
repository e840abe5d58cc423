package dev.streamvcr.site.recipe;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RecipeSizePageTest {

    @Test
    void aRecipeOfSomeKibibytesIsSavedFromItsPageAndOneTooLargeGetsAFieldError() {
        String admin = Api.adminToken();
        String name = "Sized " + UUID.randomUUID().toString().substring(0, 6);
        int id = RestAssured.given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "urlPattern", "^http://127\\.0\\.0\\.1:\\d+/sized/.*$",
                        "steps", List.of(Map.of("name", "v", "css", "p")), "output", "rtmp://127.0.0.1/live/{v}"))
                .post("/api/v1/admin/sites").then().statusCode(201).extract().path("id");
        BrowserSession browser = BrowserSession.login("admin", Api.ADMIN_PASSWORD);

        String big = definition(name, 6 * 1024); // well over the 2 KiB a form field used to be allowed
        browser.form("/admin/sites/" + id).with(browser.request()).formParam("definition", big)
                .post("/admin/sites/" + id).then().statusCode(200).body(containsString("Saved."));
        RestAssured.given().auth().oauth2(admin).get("/api/v1/admin/sites/" + id).then()
                .body("recipe.steps[1].regex.length()", equalTo(6 * 1024));

        String tooBig = definition(name, 40 * 1024);
        browser.form("/admin/sites/" + id).with(browser.request()).formParam("definition", tooBig)
                .post("/admin/sites/" + id).then().statusCode(400)
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*<li>The recipe is 40\\.\\d KiB; a recipe may be at most 32 KiB\\.</li>.*"))
                .body(not(containsString("Saved.")));
        browser.form("/admin/sites/" + id).with(browser.request())
                .formParam("definition", definition(name, 100 * 1024)).post("/admin/sites/" + id).then().statusCode(413)
                .body(containsString("What was sent is too large: a form field may hold at most 64K and a whole request 1M (bytes)."));
        RestAssured.given().auth().oauth2(admin).get("/api/v1/admin/sites/" + id).then()
                .body("recipe.steps[1].regex.length()", equalTo(6 * 1024));
    }

    /** A valid recipe whose second step's pattern is {@code patternLength} characters long. */
    private static String definition(String name, int patternLength) {
        return "name: " + name + "\n"
                + "urlPattern: ^http://127\\.0\\.0\\.1:\\d+/sized/.*$\n"
                + "steps:\n"
                + "  - name: v\n"
                + "    css: p\n"
                + "  - name: w\n"
                + "    regex: \"" + "a".repeat(patternLength - 5) + "(b+)c\"\n"
                + "output: rtmp://127.0.0.1/live/{v}{w}\n";
    }
}
