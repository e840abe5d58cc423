package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recording's pictures: its poster (a real frame from FLV, MPEG-TS and fMP4 parts, a placeholder without video,
 * only for its owner, kept beside the parts and deleted with them), the bar of its booked window with its gaps, and its
 * bitrate plot read from the parts' packets.
 */
@QuarkusTest
class RecordingPicturesTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    RecordingStore store;

    @Inject
    FfmpegSlots slots;

    @BeforeAll
    static void tools() {
        PeerTools.ensureInstalled();
    }

    @Test
    void posterIsAFrameOfAnFlvMpegTsOrFragmentedMp4RecordingKeptBesideItAndDeletedWithIt() throws Exception {
        Api.Account user = Api.newUser("user");
        for (String extension : List.of("flv", "ts", "mp4")) {
            byte[] media = switch (extension) {
                case "flv" -> ShortMedia.flv(4);
                case "ts" -> ShortMedia.ts(4);
                default -> ShortMedia.fmp4(4);
            };
            long id = onePart(user, extension, media);
            Response poster = page(user).get("/recordings/" + id + "/poster");
            poster.then().statusCode(200).header("Content-Type", containsString("image/jpeg"))
                    .header("Cache-Control", equalTo("private, max-age=3600"));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(poster.asByteArray()));
            assertNotNull(image, extension + ": a JPEG");
            assertEquals(RecordingPosters.WIDTH, image.getWidth(), extension);
            assertEquals(180, image.getHeight(), extension + ": 320x180 test card kept 16:9");
            assertTrue(colours(image) > 20, extension + ": a real frame of the test card, not a blank");

            String etag = poster.header("ETag");
            page(user).header("If-None-Match", etag).get("/recordings/" + id + "/poster").then().statusCode(304)
                    .header("ETag", etag);
            Path kept = partsDirectory(id).resolve(RecordingPosters.FILE);
            assertTrue(Files.isRegularFile(kept), "kept beside the parts: " + kept);
            user.api().delete("/api/v1/recordings/" + id).then().statusCode(204);
            assertFalse(Files.exists(kept), "deleted with the recording");
        }
    }

    @Test
    void aRecordingWithoutVideoGetsAPlaceholderNotAnError() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = onePart(user, "flv", ShortMedia.soundOnlyFlv(2));
        for (int ask = 0; ask < 2; ask++) { // the second answer comes from the note left beside the parts
            Response poster = page(user).get("/recordings/" + id + "/poster");
            poster.then().statusCode(200).header("Content-Type", containsString("image/svg+xml"));
            assertTrue(poster.asString().contains("Sound only"), poster.asString());
        }
        assertTrue(Files.exists(partsDirectory(id).resolve(RecordingPosters.NO_VIDEO)));
    }

    @Test
    void anotherUsersPosterIsNotFound() throws Exception {
        Api.Account owner = Api.newUser("user");
        long id = onePart(owner, "flv", ShortMedia.flv(2));
        Api.Account other = Api.newUser("user");
        page(other).get("/recordings/" + id + "/poster").then().statusCode(404);
        other.api().get("/api/v1/recordings/" + id + "/poster").then().statusCode(404)
                .body("error", containsString("no recording " + id));
        assertFalse(Files.exists(partsDirectory(id).resolve(RecordingPosters.FILE)), "nothing made for them");
        page(owner).get("/recordings/" + id + "/poster").then().statusCode(200);
        String posterUrl = owner.api().get("/api/v1/recordings/" + id).then().extract().jsonPath().getString("posterUrl");
        assertEquals("/api/v1/recordings/" + id + "/poster", posterUrl);
        owner.api().get(posterUrl).then().statusCode(200).header("Content-Type", containsString("image/jpeg"));
        given().redirects().follow(false).get("/recordings/" + id + "/poster").then()
                .statusCode(org.hamcrest.Matchers.not(200));
    }

    @Test
    void theBarShowsTheHoleBetweenPartsAndAReconnectAsNotRecorded() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = fixture.finishedRecordingInParts(user.username(), "Two parts", 20, "flv", 6_000, List.of(
                new RecordingFixture.PartContent(ShortMedia.flv(4), 4_000, "n"),
                new RecordingFixture.PartContent(ShortMedia.flv(4), 4_000, "n")));
        fixture.addGap(id, java.time.Instant.parse("2026-05-01T18:00:01Z"), 1_000, "stream dropped");
        Document page = Jsoup.parse(page(user).get("/recordings/" + id).then().statusCode(200).extract().asString());

        List<String> kinds = page.select("#timeline rect").eachAttr("class");
        assertEquals(List.of("stretch-recorded", "stretch-missing", "stretch-recorded", "stretch-missing",
                "stretch-recorded", "stretch-missing"), kinds, "part 1 with a reconnect, the hole, part 2, the rest");
        List<String> legend = page.select("#timeline .legend li").eachText();
        assertEquals("18:00:01–18:00:02 UTC: not recorded (1 s)", legend.get(1));
        assertEquals("18:00:04–18:00:10 UTC: not recorded (6 s)", legend.get(3), "the hole between the parts");
        assertEquals("18:00:14–18:00:20 UTC: not recorded (6 s)", legend.get(5), "after the last part");
        Element hole = page.select("#timeline rect").get(3);
        assertEquals("200.00", hole.attr("x"), "4 s into a 20 s window");
        assertEquals("300.00", hole.attr("width"), "6 s of 20 s");
        assertEquals("18:00:00 UTC", page.select("#timeline .axis span").first().text());
        assertNotNull(page.selectFirst("#timeline svg[role=img][aria-labelledby=timeline-caption]"));
        assertTrue(page.select("[style]").isEmpty(), "no inline style: the CSP forbids it");

        long reservation = user.api().get("/api/v1/recordings/" + id).then().extract().jsonPath().getLong("reservationId");
        Document reservations = Jsoup.parse(page(user).get("/reservations").then().statusCode(200).extract().asString());
        assertEquals("/recordings/" + id + "/poster", reservations.selectFirst("#reservation-" + reservation
                + " img.poster").attr("src"), "the reservations list shows the recording's poster too");
        Document recordings = Jsoup.parse(page(user).get("/recordings").then().statusCode(200).extract().asString());
        assertEquals("/recordings/" + id + "/poster", recordings.selectFirst("#recording-" + id + " img.poster")
                .attr("src"));
    }

    @Test
    void thePlotShowsTheBitrateReadFromThePackets() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = fixture.finishedRecordingInParts(user.username(), "Plotted", 20, "flv", 6_000, List.of(
                new RecordingFixture.PartContent(ShortMedia.flv(4), 4_000, "n"),
                new RecordingFixture.PartContent(ShortMedia.flv(4), 4_000, "n")));
        Document page = Jsoup.parse(page(user).get("/recordings/" + id).then().statusCode(200).extract().asString());
        String path = page.selectFirst("#bitrate svg.area path").attr("d");
        // 20 bins of 1 s: the first four and 10-13 s hold the parts, the rest is at the bottom (100).
        List<String> heights = java.util.Arrays.stream(path.split(" L")).skip(1).map(p -> p.split(",")[1]).toList();
        assertEquals(41, heights.size(), path);
        for (int bin = 0; bin < 20; bin++) {
            boolean recorded = bin < 4 || (bin >= 10 && bin < 14);
            double y = Double.parseDouble(heights.get(bin * 2));
            assertEquals(recorded, y < 90, "bin " + bin + " at " + y + ": " + path);
        }
        String caption = page.selectFirst("#bitrate figcaption").text();
        assertTrue(caption.contains("average") && caption.contains("kbit/s"), caption);
        assertFalse(caption.contains("estimated"), "read from the packets: " + caption);
        List<String> kept = Files.readAllLines(partsDirectory(id).resolve(RecordingBitrate.FILE));
        assertEquals(20, kept.size());
        long bytes = kept.stream().mapToLong(Long::parseLong).sum();
        long fileBytes = 2L * ShortMedia.flv(4).length;
        assertTrue(bytes > fileBytes * 0.8 && bytes <= fileBytes, bytes + " of " + fileBytes + " file bytes in packets");
    }

    @Test
    void aRunningRecordingsPosterIsMadeAgainOnceOlderThanThirtySeconds() throws Exception {
        Api.Account user = Api.newUser("user");
        java.time.Instant now = java.time.Instant.now();
        // Held by a live node that wrote its part itself: neither taken over nor recovered while the test runs.
        fixture.heldRecordingWithOnePart(user.username(), "other-node", "other-node", now.minusSeconds(60),
                now.plusSeconds(3600), now.minusSeconds(60), 4_000);
        long id = user.api().get("/api/v1/recordings").then().extract().jsonPath().getLong("[0].id");
        Files.write(store.resolve(fixture.firstPartPath(id)), ShortMedia.flv(4));

        Response first = page(user).get("/recordings/" + id + "/poster");
        first.then().statusCode(200).header("Content-Type", containsString("image/jpeg"))
                .header("Cache-Control", equalTo("private, max-age=30"));
        Path poster = partsDirectory(id).resolve(RecordingPosters.FILE);
        page(user).get("/recordings/" + id + "/poster").then().statusCode(200)
                .header("ETag", equalTo(first.header("ETag")));

        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(now.minusSeconds(31));
        Files.setLastModifiedTime(poster, old);
        Response again = page(user).get("/recordings/" + id + "/poster");
        again.then().statusCode(200).header("Content-Type", containsString("image/jpeg"));
        assertTrue(Files.getLastModifiedTime(poster).compareTo(old) > 0, "made again");
        assertFalse(again.header("ETag").equals(first.header("ETag")));

        Document page = Jsoup.parse(page(user).get("/recordings/" + id).then().statusCode(200).extract().asString());
        assertEquals("30", page.selectFirst("img.poster").attr("data-refresh"), "the page asks for it again");
        assertEquals("AHEAD", page.select("#timeline .legend li").last().attr("data-kind"));
    }

    @Test
    void withEveryFfmpegSlotBusyThePageGetsAPlaceholderAndAnEstimateAtOnce() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = onePart(user, "flv", ShortMedia.flv(4));
        int taken = 0;
        while (slots.tryAcquire()) {
            taken++;
        }
        try {
            Response poster = page(user).get("/recordings/" + id + "/poster");
            poster.then().statusCode(200).header("Content-Type", containsString("image/svg+xml"))
                    .header("Cache-Control", equalTo("private, max-age=5"));
            assertTrue(poster.asString().contains("No picture"), poster.asString());
            Document page = Jsoup.parse(page(user).get("/recordings/" + id).then().statusCode(200).extract().asString());
            String caption = page.selectFirst("#bitrate figcaption").text();
            assertTrue(caption.contains("estimated from each part's size"), caption);
            assertFalse(Files.exists(partsDirectory(id).resolve(RecordingBitrate.FILE)), "an estimate is not kept");
        } finally {
            for (int i = 0; i < taken; i++) {
                slots.release();
            }
        }
        page(user).get("/recordings/" + id + "/poster").then().statusCode(200)
                .header("Content-Type", containsString("image/jpeg"));
    }

    private long onePart(Api.Account user, String extension, byte[] media) throws Exception {
        return fixture.finishedRecordingInParts(user.username(), "Poster " + extension, 60, extension, 0,
                List.of(new RecordingFixture.PartContent(media, 4_000, "n")));
    }

    private static io.restassured.specification.RequestSpecification page(Api.Account user) {
        return given().auth().oauth2(user.token());
    }

    private Path partsDirectory(long recordingId) {
        return store.resolve(fixture.firstPartPath(recordingId)).getParent();
    }

    /** How many distinct colours a coarse sample of the image holds. */
    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 8) {
            for (int y = 0; y < image.getHeight(); y += 8) {
                seen.add(image.getRGB(x, y) & 0xF0F0F0);
            }
        }
        return seen.size();
    }
}
