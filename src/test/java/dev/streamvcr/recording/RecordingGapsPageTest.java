package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Each interruption of a recording: in the API's JSON, counted in the list's coverage line, and as a table on the
 * recording's and the reservation's pages.
 */
@QuarkusTest
class RecordingGapsPageTest {

    @Inject
    RecordingFixture fixture;

    @Test
    void gapsAreListedWithWhenHowLongAndWhy() throws Exception {
        Api.Account user = Api.newUser("user");
        long recording = fixture.finishedRecording(user.username(), "Gappy", new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
        fixture.addGap(recording, Instant.parse("2026-05-01T18:10:00Z"), 4_250, "the server closed the connection");
        fixture.addGap(recording, Instant.parse("2026-05-01T18:30:00Z"), 95_000, "no data for 15 s");

        user.api().get("/api/v1/recordings/" + recording).then().statusCode(200)
                .body("gaps.size()", equalTo(2))
                .body("gaps[0].startedAt", equalTo("2026-05-01T18:10:00Z"))
                .body("gaps[0].lengthSeconds", equalTo(4.25f))
                .body("gaps[0].cause", equalTo("the server closed the connection"))
                .body("gaps[1].part", equalTo(1));

        String list = given().auth().oauth2(user.token()).get("/recordings").then().statusCode(200).extract().asString();
        assertEquals("Recorded 1:00:00 of 1:00:00; 2 gaps", Jsoup.parse(list)
                .selectFirst("#recording-" + recording + " [data-field=coverage]").text());
        String page = given().auth().oauth2(user.token()).get("/recordings/" + recording).then().statusCode(200)
                .extract().asString();
        Element table = Jsoup.parse(page).selectFirst("#gaps table.gaps");
        assertTrue(table != null, "a gap table on the recording's page: " + page);
        assertRows(table);

        int reservation = user.api().get("/api/v1/recordings/" + recording).then().extract().path("reservationId");
        Document detail = Jsoup.parse(given().auth().oauth2(user.token()).get("/reservations/" + reservation)
                .then().statusCode(200).extract().asString());
        assertRows(detail.selectFirst("#gaps table.gaps"));

        Api.Account other = Api.newUser("user");
        other.api().get("/api/v1/recordings/" + recording).then().statusCode(404);
    }

    private static void assertRows(Element table) {
        assertTrue(table != null, "gap table present");
        var rows = table.select("tbody tr");
        assertEquals(2, rows.size());
        assertEquals("2026-05-01 18:10:00 UTC", rows.get(0).child(0).text());
        assertEquals("4.3 s", rows.get(0).child(1).text());
        assertEquals("the server closed the connection", rows.get(0).child(2).text());
        assertEquals("1:35", rows.get(1).child(1).text());
        assertEquals("no data for 15 s", rows.get(1).child(2).text());
    }
}
