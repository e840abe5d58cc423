package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.reservation.ReservationState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One recording, one file: the parts of a recording kept across a restart come back as one continuous file on one
 * timeline, the hole between them is a gap with its cause and length, and the pages say how much of the booked window
 * is really there.
 */
@QuarkusTest
class WholeRecordingTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    SessionJournal journal;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        PeerTools.ensureInstalled();
    }

    @Test
    void twoPartsDownloadAsOneFileOnOneTimelineWithRangesAndRawParts() throws Exception {
        Api.Account user = Api.newUser("user");
        byte[] first = ShortMedia.flv(4);
        byte[] second = ShortMedia.flv(3);
        long id = fixture.finishedRecordingInParts(user.username(), "Two parts", 180, "flv", 37_000, List.of(
                new RecordingFixture.PartContent(first, 4_000, "node-a"),
                new RecordingFixture.PartContent(second, 3_000, "node-a")));
        String url = "/api/v1/recordings/" + id + "/file";

        Response whole = user.api().get(url);
        whole.then().statusCode(200).header("Content-Type", containsString("video/x-flv"))
                .header("Content-Disposition", containsString("filename=\"Two parts_2026-05-01.flv\""))
                .header("Accept-Ranges", "bytes");
        byte[] body = whole.asByteArray();
        Path file = Files.write(dir.resolve("whole.flv"), body);
        MediaInfo joined = MediaProbe.probe(file);
        MediaInfo one = MediaProbe.probe(Files.write(dir.resolve("1.flv"), first));
        MediaInfo two = MediaProbe.probe(Files.write(dir.resolve("2.flv"), second));
        double sum = one.packetSpanSeconds() + two.packetSpanSeconds();
        System.out.printf("MEASURED whole file of a two-part recording: %.3f s (packets %.3f s); parts %.3f s + %.3f s"
                + " = %.3f s%n", joined.formatDurationSeconds(), joined.packetSpanSeconds(), one.packetSpanSeconds(),
                two.packetSpanSeconds(), sum);
        assertEquals(sum, joined.packetSpanSeconds(), 0.2, "one timeline, the 37 s between the parts left out");
        assertTrue(MediaProbe.timestampsMonotonic(file).monotonic(), "timestamps never go back");
        assertEquals("", MediaProbe.decodeErrors(file));
        assertEquals(one.videoFrames() + two.videoFrames(), joined.videoFrames(), "every frame of both parts");

        String etag = whole.header("ETag");
        Response range = user.api().header("Range", "bytes=100-1099").header("If-Range", etag).get(url);
        range.then().statusCode(206).header("Content-Range", "bytes 100-1099/" + body.length);
        assertArrayEquals(Arrays.copyOfRange(body, 100, 1100), range.asByteArray());
        user.api().header("Range", "bytes=100-1099").header("If-Range", "\"stale\"").get(url).then().statusCode(200);

        assertArrayEquals(second, user.api().get(url + "?part=2").then().statusCode(200)
                .header("Content-Disposition", containsString("_part2.flv")).extract().asByteArray());
        user.api().get(url + "?part=abc").then().statusCode(400).body("fields.part", containsString("part number"));
        user.api().get(url + "?part=0").then().statusCode(400).body("fields.part", containsString("part number"));
        user.api().get(url + "?part=9").then().statusCode(404);
        Api.newUser("user").api().get(url).then().statusCode(404);
    }

    @Test
    void aDamagedPartInTheMiddleIsLeftOutAndReported() throws Exception {
        Api.Account user = Api.newUser("user");
        byte[] garbage = new byte[50_000];
        new java.util.Random(3).nextBytes(garbage);
        long id = fixture.finishedRecordingInParts(user.username(), "Damaged middle", 60, "flv", 0, List.of(
                new RecordingFixture.PartContent(ShortMedia.flv(4), 4_000, "n"),
                new RecordingFixture.PartContent(garbage, 5_000, "n"),
                new RecordingFixture.PartContent(ShortMedia.flv(3), 3_000, "n")));

        byte[] body = user.api().get("/api/v1/recordings/" + id + "/file").then().statusCode(200).extract().asByteArray();
        MediaInfo joined = MediaProbe.probe(Files.write(dir.resolve("damaged.flv"), body));
        assertEquals(7.0, joined.packetSpanSeconds(), 0.3, "parts 1 and 3 are served");
        JsonPath view = user.api().get("/api/v1/recordings/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(1, view.getList("gaps").size(), view.prettify());
        assertEquals(2, view.getInt("gaps[0].part"));
        assertEquals(5.0, view.getDouble("gaps[0].lengthSeconds"), 0.001);
        assertTrue(view.getString("gaps[0].cause").startsWith("part 2 cannot be read ("), view.getString("gaps[0].cause"));
        assertEquals("Recorded 7 s of 60 s; 1 gap", view.getString("coverage"));
        // Asked again, the same damage is not reported twice.
        user.api().get("/api/v1/recordings/" + id + "/file").then().statusCode(200);
        user.api().get("/api/v1/recordings/" + id).then().body("gaps", hasSize(1));
    }

    @Test
    void aTakeOverLeavesAGapWithCauseAndLengthAndThePagesSayWhatIsMissing() throws Exception {
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long reservation = fixture.heldRecordingWithOnePart(user.username(), "node-b", "node-a", start,
                start.plusSeconds(180), start, 20_000);

        journal.openPart(reservation, "node-b", "flv");

        JsonPath view = user.api().get("/api/v1/reservations/" + reservation).then().extract().jsonPath();
        int recording = view.getInt("recordingId");
        JsonPath rec = user.api().get("/api/v1/recordings/" + recording).then().statusCode(200).extract().jsonPath();
        assertEquals(1, rec.getList("gaps").size(), rec.prettify());
        assertEquals(2, rec.getInt("gaps[0].part"));
        assertEquals("node node-a stopped; node node-b took the work over in part 2", rec.getString("gaps[0].cause"));
        assertEquals(40.0, rec.getDouble("gaps[0].lengthSeconds"), 2.0, "from part 1's last media to part 2");
        assertEquals(start.plusSeconds(20).toString(), rec.getString("gaps[0].startedAt"));

        journal.finish(reservation, "node-b", ReservationState.COMPLETED, "The booked end came.");
        user.api().get("/api/v1/reservations/" + reservation).then()
                .body("stateReason", equalTo("The booked end came. Recorded 20 s of 180 s; 1 gap."));
        Document page = Jsoup.parse(given().auth().oauth2(user.token()).get("/recordings/" + recording).then()
                .statusCode(200).extract().asString());
        assertEquals("Recorded 20 s of 180 s; 1 gap.", page.selectFirst("[data-field=coverage]").text());
        assertTrue(page.selectFirst("#gaps table.gaps").text().contains("took the work over"), page.html());
        Document list = Jsoup.parse(given().auth().oauth2(user.token()).get("/recordings").then().extract().asString());
        assertEquals("Recorded 20 s of 180 s; 1 gap",
                list.selectFirst("#recording-" + recording + " [data-field=coverage]").text());
    }

    @Test
    void aRestartOnTheSameNodeIsNamedAsSuch() {
        RecordingPart earlier = new RecordingPart();
        earlier.partNumber = 1;
        earlier.node = "n1";
        earlier.startedAt = Instant.parse("2026-05-01T18:00:00Z");
        earlier.durationMs = 27_000;
        RecordingGap gap = PartHandover.hole(earlier, 9, "n1", Instant.parse("2026-05-01T18:01:04Z")).orElseThrow();
        assertEquals("node n1 restarted; part 2 began after the restart", gap.cause);
        assertEquals(37_000, gap.lengthMs);
        earlier.lastMediaSequence = 41L;
        assertTrue(PartHandover.hole(earlier, 9, "n1", Instant.parse("2026-05-01T18:01:04Z")).isEmpty(),
                "an HLS part continues after the last segment written: nothing of the stream is lost");
        assertEquals("Recorded all 180 s", new Coverage(179_000, 180_000, 0).summary());
        assertEquals("Recorded 143 s of 180 s; 1 gap", new Coverage(143_000, 180_000, 1).summary());
        assertEquals("Recorded 1:00:00 of 2:00:00; 2 gaps", new Coverage(3_600_000, 7_200_000, 2).summary());
        assertEquals(Duration.ofSeconds(2).toMillis(), Coverage.TOLERANCE_MS);
    }
}
