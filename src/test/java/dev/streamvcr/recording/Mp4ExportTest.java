package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MP4 of a recording: a stream copy of every part on one timeline with its index in front, made on first request
 * and kept beside the parts; from FLV (H.264/AAC and Enhanced RTMP's HEVC) and from HLS's MPEG-TS and fMP4 parts; and
 * plainly refused for what MP4 cannot hold.
 */
@QuarkusTest
class Mp4ExportTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    RecordingExports exports;

    @Inject
    RecordingStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        PeerTools.ensureInstalled();
    }

    @Test
    void twoFlvPartsBecomeOneFastStartMp4ServedWithRanges() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = twoParts(user, "flv", ShortMedia.flv(4), ShortMedia.flv(3));
        String url = "/api/v1/recordings/" + id + "/mp4";
        Response response = user.api().get(url);
        response.then().statusCode(200).header("Content-Type", containsString("video/mp4"))
                .header("Content-Disposition", containsString("inline; filename=\"Parts flv_2026-05-01.mp4\""));
        byte[] mp4 = response.asByteArray();
        MediaInfo info = MediaProbe.probe(Files.write(dir.resolve("a.mp4"), mp4));
        assertTrue(info.formatName().contains("mp4"), info.formatName());
        assertEquals(List.of("aac", "h264"), info.codecNames().stream().sorted().toList());
        assertEquals(7.0, info.packetSpanSeconds(), 0.2, "both parts on one timeline");
        assertTrue(indexOf(mp4, "moov") < indexOf(mp4, "mdat"), "the index comes first (+faststart)");
        assertEquals("", MediaProbe.decodeErrors(dir.resolve("a.mp4")));

        Response range = user.api().header("Range", "bytes=0-99").get(url);
        range.then().statusCode(206).header("Content-Range", "bytes 0-99/" + mp4.length);
        assertArrayEquals(Arrays.copyOf(mp4, 100), range.asByteArray());
        Path kept = store.resolve(store.partPath(reservationOf(user, id), java.time.Instant.parse("2026-05-01T18:00:00Z"),
                1)).resolveSibling("recording.mp4");
        assertArrayEquals(mp4, Files.readAllBytes(kept), "kept beside the parts");
    }

    @Test
    void hlsPartsInMpegTsAndFragmentedMp4BecomeMp4() throws Exception {
        Api.Account user = Api.newUser("user");
        for (String extension : List.of("ts", "mp4")) {
            byte[] part = extension.equals("ts") ? ShortMedia.ts(2) : ShortMedia.fmp4(2);
            long id = twoParts(user, extension, part, part);
            byte[] mp4 = user.api().get("/api/v1/recordings/" + id + "/mp4").then().statusCode(200).extract()
                    .asByteArray();
            MediaInfo info = MediaProbe.probe(Files.write(dir.resolve(extension + ".mp4"), mp4));
            assertEquals(List.of("aac", "h264"), info.codecNames().stream().sorted().toList(), extension);
            assertEquals(4.0, info.packetSpanSeconds(), 0.3, extension + ": both parts");
            assertTrue(indexOf(mp4, "moov") < indexOf(mp4, "mdat"), extension + ": +faststart");
        }
    }

    @Test
    void enhancedRtmpHevcIsTaggedHvc1ForSafari() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = twoParts(user, "flv", ShortMedia.hevcFlv(2), ShortMedia.hevcFlv(2));
        byte[] mp4 = user.api().get("/api/v1/recordings/" + id + "/mp4").then().statusCode(200).extract().asByteArray();
        Path file = Files.write(dir.resolve("hevc.mp4"), mp4);
        String tags = ToolRun.execute(Duration.ofMinutes(1), PeerTools.FFPROBE.toString(), "-v", "error",
                "-show_entries", "stream=codec_name,codec_tag_string", "-of", "csv=p=0", file.toString())
                .requireSuccess().stdout();
        assertTrue(tags.contains("hevc,hvc1"), tags);
        assertTrue(tags.contains("aac"), tags);
    }

    @Test
    void progressIsShownWhileTheMp4IsBeingMade() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = twoParts(user, "flv", ShortMedia.flv(4), ShortMedia.flv(3));
        exports.waitFor(Duration.ZERO);
        try {
            user.api().get("/api/v1/recordings/" + id + "/mp4").then().statusCode(202)
                    .header("Retry-After", "2").body("status", equalTo("making"));
        } finally {
            exports.waitFor(RecordingExports.WAIT);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> user.api().get("/api/v1/recordings/" + id + "/mp4")
                .statusCode() == 200);
        exports.waitFor(Duration.ZERO);
        try {
            long other = twoParts(user, "flv", ShortMedia.flv(4), ShortMedia.flv(3));
            String page = given().auth().oauth2(user.token()).get("/recordings/" + other + "/mp4").then().statusCode(202)
                    .extract().asString();
            var document = Jsoup.parse(page);
            assertTrue(document.selectFirst("progress") != null, page);
            assertEquals("2", document.selectFirst("meta[http-equiv=refresh]").attr("content"));
        } finally {
            exports.waitFor(RecordingExports.WAIT);
        }
    }

    @Test
    void whatMp4CannotHoldIsRefusedWithAReason() throws Exception {
        Api.Account user = Api.newUser("user");
        long sound = twoParts(user, "flv", ShortMedia.soundOnlyFlv(2), ShortMedia.soundOnlyFlv(2));
        user.api().get("/api/v1/recordings/" + sound + "/mp4").then().statusCode(409)
                .body("error", containsString("has no video"));
        long sorenson = twoParts(user, "flv", ShortMedia.sorensonFlv(2), ShortMedia.sorensonFlv(2));
        user.api().get("/api/v1/recordings/" + sorenson + "/mp4").then().statusCode(409)
                .body("error", containsString("Sorenson H.263"));
        String page = given().auth().oauth2(user.token()).get("/recordings/" + sorenson + "/mp4").then().statusCode(409)
                .extract().asString();
        assertTrue(page.contains("MP4 cannot carry the video codec"), page);
        assertTrue(!page.contains("Exception"), "no stack trace: " + page);
        user.api().get("/api/v1/recordings/" + sound + "/file").then().statusCode(200);
        Api.newUser("user").api().get("/api/v1/recordings/" + sound + "/mp4").then().statusCode(404);
    }

    private long twoParts(Api.Account user, String extension, byte[] first, byte[] second) throws Exception {
        return fixture.finishedRecordingInParts(user.username(), "Parts " + extension, 60, extension, 5_000, List.of(
                new RecordingFixture.PartContent(first, 2_000, "n"), new RecordingFixture.PartContent(second, 2_000, "n")));
    }

    private static long reservationOf(Api.Account user, long recording) {
        return user.api().get("/api/v1/recordings/" + recording).then().extract().jsonPath().getLong("reservationId");
    }

    private static int indexOf(byte[] bytes, String box) {
        byte[] name = box.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
