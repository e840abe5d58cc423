package dev.streamvcr.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Search, filters, sort and keyset paging of the reservations and recordings lists, in the API and the pages. */
@QuarkusTest
class ListPagingTest {

    private static final byte[] FLV = {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0};
    private static final List<String> TITLES = List.of("100% live", "a_b night", "Regex .*[x]+ show",
            "O'Brien; drop table reservation; --", "Plain evening");

    @Inject
    RecordingFixture fixture;

    private static List<Integer> book(Api.Account user) {
        Instant base = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < TITLES.size(); i++) {
            ids.add(user.api().body(Map.of("title", TITLES.get(i), "sourceUrl", "rtmp://127.0.0.1:1/live/s" + i,
                    "startAt", base.plus(i, ChronoUnit.DAYS).toString(), "durationSeconds", 60))
                    .post("/api/v1/reservations").then().statusCode(201).extract().jsonPath().getInt("id"));
        }
        return ids;
    }

    @Test
    void pagesFollowTheCursorToTheEndWithoutRepeatsInEachSort() {
        Api.Account user = Api.newUser("user");
        List<Integer> ids = book(user);
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = user.api().queryParam("size", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/reservations");
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("id", Integer.class));
            cursor = page.header("X-Next-Cursor");
            pages++;
            if (cursor != null) {
                assertTrue(page.header("Link").contains("rel=\"next\""), page.header("Link"));
            }
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        List<Integer> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen, "newest booked start first, each once");

        List<String> byTitle = new ArrayList<>();
        cursor = "";
        do {
            Response page = user.api().queryParam("sort", "title").queryParam("size", 3).queryParam("cursor", cursor)
                    .get("/api/v1/reservations");
            byTitle.addAll(page.jsonPath().getList("title", String.class));
            cursor = page.header("X-Next-Cursor");
        } while (cursor != null);
        assertEquals(5, byTitle.size(), byTitle.toString());
        assertEquals(5, byTitle.stream().distinct().count(), byTitle.toString());
        assertTrue(byTitle.containsAll(TITLES), byTitle.toString());
    }

    @Test
    void searchTermsAreMatchedLiterallyWhateverCharactersTheyHold() {
        Api.Account user = Api.newUser("user");
        book(user);
        Map<String, String> expected = Map.of("100%", "100% live", "a_b", "a_b night", ".*[x]+", "Regex .*[x]+ show",
                "o'brien; drop table reservation; --", "O'Brien; drop table reservation; --", "PLAIN", "Plain evening",
                "live/s4", "Plain evening");
        expected.forEach((term, title) -> user.api().queryParam("q", term).get("/api/v1/reservations").then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].title", equalTo(title)));
        for (String nothing : List.of("%", "_%_", "\\", ".*x", "[y]", "(?i)plain")) {
            user.api().queryParam("q", nothing).get("/api/v1/reservations").then().statusCode(200)
                    .body("size()", equalTo(nothing.equals("%") ? 1 : 0));
        }
        user.api().get("/api/v1/reservations").then().body("size()", equalTo(5));
    }

    @Test
    void filtersByStateDateAndOwnerAndNamesEveryBadParameter() {
        Api.Account user = Api.newUser("user");
        List<Integer> ids = book(user);
        user.api().queryParam("state", "scheduled").get("/api/v1/reservations").then().body("size()", equalTo(5));
        user.api().queryParam("state", "completed").get("/api/v1/reservations").then().body("size()", equalTo(0));
        String day = Instant.now().plus(31, ChronoUnit.DAYS).toString().substring(0, 10);
        user.api().queryParam("from", day).queryParam("to", day).get("/api/v1/reservations").then()
                .body("size()", equalTo(1));

        user.api().queryParam("state", "bogus").get("/api/v1/reservations").then().statusCode(400)
                .body("fields.state", containsString("There is no state 'bogus'"));
        user.api().queryParam("from", "yesterday").get("/api/v1/reservations").then().statusCode(400)
                .body("fields.from", containsString("not a date"));
        user.api().queryParam("from", "2026-05-02").queryParam("to", "2026-05-01").get("/api/v1/reservations").then()
                .statusCode(400).body("fields.to", containsString("before the start date"));
        user.api().queryParam("sort", "random()").get("/api/v1/reservations").then().statusCode(400)
                .body("fields.sort", containsString("newest, oldest or title"));
        user.api().queryParam("size", "100000").get("/api/v1/reservations").then().statusCode(400)
                .body("fields.size", containsString("1 to 200"));
        user.api().queryParam("owner", "admin").get("/api/v1/reservations").then().statusCode(400)
                .body("fields.owner", containsString("Only administrators"));

        given().auth().oauth2(Api.adminToken()).queryParam("owner", user.username()).queryParam("size", 200)
                .get("/api/v1/reservations").then().statusCode(200).body("size()", equalTo(ids.size()))
                .body("owner", everyItem(equalTo(user.username())));
    }

    @Test
    void tamperedCursorsAreRefusedNamingTheCursor() {
        Api.Account user = Api.newUser("user");
        book(user);
        String cursor = user.api().queryParam("size", 2).get("/api/v1/reservations").header("X-Next-Cursor");
        assertNotNull(cursor);
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        String titleSort = user.api().queryParam("size", 2).queryParam("sort", "title").get("/api/v1/reservations")
                .header("X-Next-Cursor");
        List<String> tampered = List.of(cursor + "!", "x" + cursor.substring(1), "not-base64-%%%",
                encode(decoded.replaceFirst("\n\\d+$", "\n-1")), encode(decoded.replaceFirst("\n", "\nabc")),
                encode(decoded.replace("\n", "\n' or 1=1 --\n")), encode("newest\n1 OR 1=1\n5"), titleSort);
        for (String bad : tampered) {
            user.api().queryParam("cursor", bad).get("/api/v1/reservations").then().statusCode(400)
                    .body("fields.cursor", containsString("damaged"));
        }
        Api.Account other = Api.newUser("user");
        other.api().queryParam("cursor", cursor).get("/api/v1/reservations").then().statusCode(200)
                .body("size()", equalTo(0));

        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        String page = browser.request().queryParam("cursor", "garbage!").get("/reservations").then().statusCode(400)
                .extract().asString();
        Document html = Jsoup.parse(page);
        assertTrue(html.selectFirst("[role=alert][data-field=cursor]").text().contains("damaged"), page);
        assertFalse(page.contains("Exception") || page.contains("at dev.streamvcr"), page);
    }

    @Test
    void thePagesFilterAndLinkToTheNextPage() throws Exception {
        Api.Account user = Api.newUser("user");
        book(user);
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        Document first = Jsoup.parse(browser.request().queryParam("size", 2).get("/reservations").then()
                .statusCode(200).extract().asString());
        assertEquals(2, first.select("ul.list li.item").size());
        String next = first.selectFirst("a[rel=next]").attr("href");
        assertTrue(next.startsWith("/reservations?size=2&cursor="), next);
        Document second = Jsoup.parse(browser.request().get(next).then().statusCode(200).extract().asString());
        assertEquals(2, second.select("ul.list li.item").size());
        assertTrue(first.select("ul.list li.item").eachAttr("id").stream()
                .noneMatch(second.select("ul.list li.item").eachAttr("id")::contains));

        Document searched = Jsoup.parse(browser.request().queryParam("q", "100%").get("/reservations").then()
                .statusCode(200).extract().asString());
        assertEquals(List.of("100% live"), searched.select("ul.list li.item a.title").eachText());
        assertEquals("100%", searched.selectFirst("form.filters input[name=q]").val());
        assertNull(searched.selectFirst("a[rel=next]"));
        String refused = browser.request().queryParam("state", "nope").queryParam("q", "kept")
                .get("/reservations").then().statusCode(400).extract().asString();
        Document refusedPage = Jsoup.parse(refused);
        assertTrue(refusedPage.selectFirst("[role=alert][data-field=state]").text().contains("no state 'nope'"));
        assertEquals("kept", refusedPage.selectFirst("form.filters input[name=q]").val());

        long a = fixture.finishedRecording(user.username(), "Jazz at noon", FLV);
        long b = fixture.finishedRecording(user.username(), "Jazz at night", FLV);
        fixture.finishedRecording(user.username(), "Opera", FLV);
        user.api().queryParam("q", "jazz").queryParam("sort", "title").get("/api/v1/recordings").then()
                .statusCode(200).body("id", equalTo(List.of((int) b, (int) a)));
        Response firstRecording = user.api().queryParam("size", 1).get("/api/v1/recordings");
        String cursor = firstRecording.header("X-Next-Cursor");
        List<Integer> ids = new ArrayList<>(firstRecording.jsonPath().getList("id", Integer.class));
        while (cursor != null) {
            Response page = user.api().queryParam("size", 1).queryParam("cursor", cursor).get("/api/v1/recordings");
            ids.addAll(page.jsonPath().getList("id", Integer.class));
            cursor = page.header("X-Next-Cursor");
        }
        assertEquals(3, ids.size(), "equal start times are paged by ID, none lost or repeated: " + ids);
        assertEquals(3, ids.stream().distinct().count());
        Document recordings = Jsoup.parse(browser.request().queryParam("q", "Opera").get("/recordings").then()
                .statusCode(200).extract().asString());
        assertEquals(List.of("Opera"), recordings.select("ul.list li.item a.title").eachText());
        browser.request().queryParam("cursor", "AAAA").get("/recordings").then().statusCode(400)
                .body(containsString("damaged"));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
