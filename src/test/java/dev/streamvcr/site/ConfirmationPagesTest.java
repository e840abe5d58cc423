package dev.streamvcr.site;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
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

/** Deleting a site account or a recipe from the pages asks first, on a page of its own (no script needed). */
@QuarkusTest
class ConfirmationPagesTest {

    @Test
    void deletingASiteAccountAsksFirst() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.form("/account/sites").with(browser.request())
                .formParam("site", "cam.example").formParam("username", "carol").formParam("password", "secret-1")
                .post("/account/sites").then().statusCode(201);
        int id = user.api().get("/api/v1/site-accounts").then().extract().path("[0].id");

        String list = browser.request().get("/account/sites").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(list.contains("action=\"/account/sites/" + id + "/delete\""),
                "the list deletes nothing in one click: " + list);
        browser.request().get("/account/sites").then()
                .body(containsString("href=\"/account/sites/" + id + "/delete\""));
        browser.request().get("/account/sites/" + id + "/delete").then().statusCode(200)
                .body(containsString("Delete your account for cam.example?"))
                .body(containsString("action=\"/account/sites/" + id + "/delete\""))
                .body(containsString("Keep it"));
        user.api().get("/api/v1/site-accounts").then().body("", hasSize(1));

        Api.Account other = Api.newUser("user");
        BrowserSession.login(other.username(), other.password()).request().get("/account/sites/" + id + "/delete")
                .then().statusCode(404).body(not(containsString("cam.example")));

        browser.form("/account/sites/" + id + "/delete").with(browser.request())
                .post("/account/sites/" + id + "/delete").then().statusCode(200)
                .body(containsString("Deleted your account for cam.example."));
        user.api().get("/api/v1/site-accounts").then().body("", hasSize(0));
    }

    @Test
    void deletingARecipeAsksFirst() {
        String admin = Api.adminToken();
        String name = "Confirm " + UUID.randomUUID().toString().substring(0, 6);
        int id = RestAssured.given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "urlPattern", "^http://127\\.0\\.0\\.1:\\d+/confirm/.*$",
                        "steps", List.of(Map.of("name", "v", "css", "p")), "output", "rtmp://127.0.0.1/live/{v}"))
                .post("/api/v1/admin/sites").then().statusCode(201).extract().path("id");
        BrowserSession browser = BrowserSession.login("admin", Api.ADMIN_PASSWORD);

        String page = browser.request().get("/admin/sites/" + id).then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(page.contains("action=\"/admin/sites/" + id + "/delete\""),
                "the recipe page deletes nothing in one click: " + page);
        browser.request().get("/admin/sites/" + id + "/delete").then().statusCode(200)
                .body(containsString("Delete the recipe “" + name + "”?"))
                .body(containsString("action=\"/admin/sites/" + id + "/delete\""));
        RestAssured.given().auth().oauth2(admin).get("/api/v1/admin/sites/" + id).then().statusCode(200);

        Api.Account user = Api.newUser("user");
        BrowserSession.login(user.username(), user.password()).request().get("/admin/sites/" + id + "/delete")
                .then().statusCode(403);

        browser.form("/admin/sites/" + id + "/delete").with(browser.request())
                .post("/admin/sites/" + id + "/delete").then().statusCode(303);
        RestAssured.given().auth().oauth2(admin).get("/api/v1/admin/sites/" + id).then().statusCode(404)
                .body("error", not(equalTo(null)));
    }
}
