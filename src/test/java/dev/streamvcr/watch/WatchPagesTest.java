package dev.streamvcr.watch;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The channel watches page's form: every refused field named in the page, nothing stored, another's watch 404. */
@QuarkusTest
class WatchPagesTest {

    @Test
    void refusedFieldsAreMarkedInThePageAndNothingIsStored() {
        Api.Account user = Api.newUser("user");
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        browser.form("/watches").with(browser.request())
                .formParam("title", "Night channel").formParam("pageUrl", "http://127.0.0.1:1/channel")
                .formParam("intervalMinutes", "0").post("/watches").then().statusCode(400)
                .body(containsString("A page is checked at most once a minute: give 1 or more minutes."))
                .body(containsString("value=\"Night channel\""))
                .body(not(containsString("Exception")));
        browser.form("/watches").with(browser.request())
                .formParam("title", "Night channel").formParam("pageUrl", "http://127.0.0.1:1/channel")
                .formParam("intervalMinutes", "half an hour").formParam("maxLengthMinutes", "9.5")
                .post("/watches").then().statusCode(400)
                .body(containsString("&#39;half an hour&#39; is not a whole number of minutes."))
                .body(containsString("&#39;9.5&#39; is not a whole number of minutes."));
        browser.form("/watches").with(browser.request())
                .formParam("title", "Night channel").formParam("pageUrl", "rtmp://127.0.0.1:1/live/x")
                .formParam("intervalMinutes", "5").post("/watches").then().statusCode(400)
                .body(containsString("give an http:// or https:// address"));
        user.api().get("/api/v1/watches").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));

        browser.form("/watches").with(browser.request())
                .formParam("title", "Night channel").formParam("pageUrl", "http://127.0.0.1:1/channel")
                .formParam("intervalMinutes", "5").formParam("days", "FRIDAY").formParam("days", "SATURDAY")
                .post("/watches").then().statusCode(201).body(containsString("Watching http://127.0.0.1:1/channel"));
        List<Integer> ids = user.api().get("/api/v1/watches").then().extract().path("id");
        assertEquals(1, ids.size());
        user.api().get("/api/v1/watches/" + ids.get(0)).then().body("days",
                org.hamcrest.Matchers.equalTo(List.of("FRIDAY", "SATURDAY")));

        Api.Account other = Api.newUser("user");
        BrowserSession stranger = BrowserSession.login(other.username(), other.password());
        stranger.request().get("/watches/" + ids.get(0) + "/delete").then().statusCode(404);
        stranger.request().get("/watches").then().statusCode(200).body(not(containsString("Night channel")));
    }
}
