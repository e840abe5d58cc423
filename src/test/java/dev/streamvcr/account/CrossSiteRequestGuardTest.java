package dev.streamvcr.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CrossSiteRequestGuardTest {

    private static int book(Api.Account user) {
        return user.api().body(Map.of("title", "Guarded", "sourceUrl", "rtmp://127.0.0.1:1/live/guard",
                "startAt", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).withNano(0).toString(),
                "durationSeconds", 600)).post("/api/v1/reservations").then().statusCode(201).extract().path("id");
    }

    @Test
    void anAuthorizationHeaderThatIsNoBearerTokenDoesNotExemptTheSessionCookie() {
        Api.Account user = Api.newUser("user");
        int id = book(user);
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String basic = "Basic " + Base64.getEncoder().encodeToString("someone:anything".getBytes());

        browser.request().header("Authorization", basic).accept(ContentType.JSON)
                .delete("/api/v1/reservations/" + id)
                .then().statusCode(403).body("error", containsString("must come from a StreamVCR page"));
        user.api().get("/api/v1/reservations/" + id).then().statusCode(200).body("state", equalTo("SCHEDULED"));
    }

    @Test
    void aBearerTokenIsExemptAndTheSessionWithItsCsrfHeaderToo() {
        Api.Account user = Api.newUser("user");
        int first = book(user);
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.request().header("Authorization", "Bearer " + user.token()).accept(ContentType.JSON)
                .delete("/api/v1/reservations/" + first).then().statusCode(200).body("state", equalTo("CANCELLED"));
        int second = book(user);
        browser.request().accept(ContentType.JSON).delete("/api/v1/reservations/" + second).then().statusCode(403);
        user.api().get("/api/v1/reservations/" + second).then().statusCode(200).body("state", equalTo("SCHEDULED"));
    }
}
