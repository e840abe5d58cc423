package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.storage.RecordingStore;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Deleting recordings (confirmed, owner or admin, audited), the retention policy, quotas, and the storage page. */
@QuarkusTest
class DeleteRetentionQuotaTest {

    private static final byte[] FLV = {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0};

    @Inject
    RecordingFixture fixture;

    @Inject
    RecordingStore store;

    @Inject
    Retention retention;

    @Inject
    SessionJournal journal;

    @ConfigProperty(name = "streamvcr.data-dir")
    String dataDir;

    @Test
    void theOwnerDeletesAfterConfirmingAndEverythingMadeOfItGoes() throws Exception {
        Api.Account owner = Api.newUser("user");
        long id = fixture.finishedRecording(owner.username(), "To delete", FLV);
        Path part = partOf(owner, id);
        Files.writeString(part.resolveSibling("recording.mp4"), "mp4");
        Path preview = Files.createDirectories(Path.of(dataDir, "previews", "77", Long.toString(id)));
        Files.writeString(preview.resolve("seg-00001.ts"), "x");

        Document confirm = Jsoup.parse(given().auth().oauth2(owner.token()).get("/recordings/" + id + "/delete").then()
                .statusCode(200).extract().asString());
        assertTrue(confirm.text().contains("cannot be undone"), confirm.text());
        assertTrue(Files.exists(part), "asking for the confirmation deletes nothing");
        Api.newUser("user").api().delete("/api/v1/recordings/" + id).then().statusCode(404);
        assertTrue(Files.exists(part), "another user's attempt deletes nothing");

        owner.api().delete("/api/v1/recordings/" + id).then().statusCode(204);
        owner.api().get("/api/v1/recordings/" + id).then().statusCode(404);
        assertFalse(Files.exists(part.getParent()), "parts and MP4 are gone");
        assertFalse(Files.exists(preview), "every viewer's preview of it is gone");
        given().auth().oauth2(Api.adminToken()).get("/api/v1/audit?recording=" + id).then().statusCode(200)
                .body("action", hasItem("recording-delete")).body("detail", hasItem(containsString("\"To delete\"")));
        owner.api().delete("/api/v1/recordings/" + id).then().statusCode(404);
    }

    @Test
    void theDeletePageAsksFirstAndAnAdminMayDeleteToo() throws Exception {
        Api.Account owner = Api.newUser("user");
        long id = fixture.finishedRecording(owner.username(), "Admin removes", FLV);
        Api.Account admin = Api.newUser("admin");
        Document confirm = Jsoup.parse(given().auth().oauth2(admin.token()).get("/recordings/" + id + "/delete").then()
                .statusCode(200).extract().asString());
        assertEquals("/recordings/" + id + "/delete", confirm.selectFirst("form button.danger").parent().attr("action"));
        admin.api().delete("/api/v1/recordings/" + id).then().statusCode(204);
        owner.api().get("/api/v1/recordings/" + id).then().statusCode(404);
    }

    @Test
    void aRecordingStillGoingOnIsRefusedWithTheReason() throws Exception {
        Api.Account owner = Api.newUser("user");
        long reservation = fixture.interruptedRecording(owner.username(), "rtmp://127.0.0.1:1/live/x",
                Instant.now().minusSeconds(10), Instant.now().plusSeconds(3600), "elsewhere", FLV);
        long id = owner.api().get("/api/v1/reservations/" + reservation).then().extract().jsonPath().getLong("recordingId");
        owner.api().delete("/api/v1/recordings/" + id).then().statusCode(409)
                .body("error", containsString("Stop it first"));
        String page = given().auth().oauth2(owner.token()).get("/recordings/" + id + "/delete").then().statusCode(409)
                .extract().asString();
        assertTrue(page.contains("Stop it first") && !page.contains("Exception"), page);
        assertTrue(Files.exists(partOf(owner, id)));
    }

    @Test
    void retentionDeletesWhatItSaidItWouldAndOutOfRangeRulesChangeNothing() throws Exception {
        Api.Account owner = Api.newUser("user");
        long older = fixture.finishedRecording(owner.username(), "Older", FLV);
        long newer = fixture.finishedRecording(owner.username(), "Newer", FLV);
        long userId = Api.userId(owner.username());
        String rules = "/api/v1/storage/users/" + userId;
        given().auth().oauth2(Api.adminToken()).contentType("application/json").body(Map.of("keepDays", 0))
                .put(rules).then().statusCode(400).body("fields.keepDays", containsString("between 1 and 36500"));
        given().auth().oauth2(Api.adminToken()).contentType("application/json").body(Map.of("keepNewest", -1))
                .put(rules).then().statusCode(400).body("fields.keepNewest", containsString("between 1"));
        given().auth().oauth2(Api.adminToken()).contentType("application/json").body(Map.of("quotaBytes", -5))
                .put(rules).then().statusCode(400).body("fields.quotaBytes", containsString("negative"));
        owner.api().body(Map.of("keepNewest", 1)).put(rules).then().statusCode(403);
        owner.api().get("/api/v1/storage").then().body("retentionDue.size()", equalTo(0));

        given().auth().oauth2(Api.adminToken()).contentType("application/json").body(Map.of("keepNewest", 1))
                .put(rules).then().statusCode(200).body("user.rules.keepNewest", equalTo(1)).body("warning", nullValue());
        owner.api().get("/api/v1/storage").then().body("retentionDue.size()", equalTo(1))
                .body("retentionDue[0].recordingId", equalTo((int) older))
                .body("retentionDue[0].rule", equalTo("beyond the newest 1 (own rule)"));
        String page = given().auth().oauth2(owner.token()).get("/storage").then().statusCode(200).extract().asString();
        assertTrue(Jsoup.parse(page).selectFirst("#retention").text().contains("Older"), page);

        retention.run(Instant.now());
        owner.api().get("/api/v1/recordings/" + older).then().statusCode(404);
        owner.api().get("/api/v1/recordings/" + newer).then().statusCode(200);
        given().auth().oauth2(Api.adminToken()).get("/api/v1/audit?recording=" + older).then()
                .body("detail", hasItem(containsString("retention: beyond the newest 1")));
    }

    @Test
    void aQuotaBelowUseWarnsStopsBookingAndRecordingAndDeletesNothing() throws Exception {
        Api.Account owner = Api.newUser("user");
        long kept = fixture.finishedRecording(owner.username(), "Kept", new byte[5_000]);
        long userId = Api.userId(owner.username());
        given().auth().oauth2(Api.adminToken()).contentType("application/json").body(Map.of("quotaBytes", 1_000))
                .put("/api/v1/storage/users/" + userId).then().statusCode(200)
                .body("warning", containsString("Nothing is deleted by itself")).body("user.overQuota", equalTo(true));
        retention.run(Instant.now());
        owner.api().get("/api/v1/recordings/" + kept).then().statusCode(200);

        owner.api().body(Map.of("title", "More", "sourceUrl", "rtmp://127.0.0.1:1/live/x", "startAt",
                Instant.now().plusSeconds(600).toString(), "durationSeconds", 60))
                .post("/api/v1/reservations").then().statusCode(400).body("fields.quota", containsString("quota"))
                .body("fields.quota", containsString("this booking would need about 60.0 KB more"));
        BrowserSession browser = BrowserSession.login(owner.username(), owner.password());
        String page = browser.form("/reservations/new").with(browser.request()).formParam("title", "More")
                .formParam("sourceUrl", "rtmp://127.0.0.1:1/live/x")
                .formParam("startAt", java.time.LocalDateTime.now().plusHours(1).withNano(0).toString())
                .formParam("durationMinutes", "5").formParam("timeZone", "UTC").post("/reservations").then()
                .statusCode(400).extract().asString();
        assertTrue(Jsoup.parse(page).selectFirst("[role=alert]").text().contains("of your 1.00 KB quota")
                && page.contains("Nothing was booked"), page);
        owner.api().get("/api/v1/reservations").then().body("size()", equalTo(1));
        Document storage = Jsoup.parse(given().auth().oauth2(owner.token()).get("/storage").then().extract().asString());
        assertTrue(storage.selectFirst("[data-field=over-quota]") != null, storage.html());

        Instant start = Instant.now().minusSeconds(30);
        long running = fixture.heldRecordingWithOnePart(owner.username(), "node-q", "node-q", start,
                start.plusSeconds(600), start, 10_000);
        long partId = owner.api().get("/api/v1/reservations/" + running).then().extract().jsonPath()
                .getLong("recordingId");
        SessionJournal.Heartbeat beat = journal.heartbeat(running, "node-q", Duration.ofSeconds(30),
                fixture.firstPartId(partId), new RecordingProgress(13, 10_000, 0, null, null), null);
        assertTrue(beat.stopRequested(), "a running recording stops at the quota");
        assertTrue(beat.stopReason().contains("storage quota") && beat.stopReason().contains("kept"), beat.stopReason());
    }

    @Test
    void adminsSeeEveryUserTheTotalAndFreeSpacePerVolume() throws Exception {
        Api.Account owner = Api.newUser("user");
        fixture.finishedRecording(owner.username(), "Counted", new byte[2_000]);
        given().auth().oauth2(Api.adminToken()).get("/api/v1/storage").then().statusCode(200)
                .body("volumes.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("volumes[0].freeBytes", org.hamcrest.Matchers.greaterThan(0L))
                .body("users.username", hasItem(owner.username()));
        owner.api().get("/api/v1/storage").then().body("users.size()", equalTo(1)).body("volumes.size()", equalTo(0))
                .body("users[0].bytes", equalTo(2_000));
        Document page = Jsoup.parse(given().auth().oauth2(Api.adminToken()).get("/storage").then().statusCode(200)
                .extract().asString());
        assertTrue(page.selectFirst("#volumes .bar") != null, page.html());
        assertTrue(page.selectFirst("#user-" + Api.userId(owner.username())) != null);
        BrowserSession admin = BrowserSession.login("admin", Api.ADMIN_PASSWORD);
        String refused = admin.form("/storage").with(admin.request()).formParam("keepDays", "abc")
                .post("/storage/users/" + Api.userId(owner.username())).then().statusCode(400).extract().asString();
        Document refusedPage = Jsoup.parse(refused);
        assertEquals("'abc' is not a whole number.", refusedPage.selectFirst("#user-" + Api.userId(owner.username())
                + " .field-error").text(), refused);
        assertFalse(refused.contains("Exception"), refused);
        String saved = admin.form("/storage").with(admin.request()).formParam("keepDays", "30")
                .formParam("quotaGb", "0.000001").post("/storage/users/" + Api.userId(owner.username())).then()
                .statusCode(200).extract().asString();
        assertTrue(Jsoup.parse(saved).selectFirst("[role=status]").text().contains("Nothing is deleted by itself"),
                saved);
        owner.api().get("/api/v1/storage").then().body("users[0].rules.keepDays", equalTo(30))
                .body("users[0].quotaBytes", equalTo(1_000)).body("users[0].overQuota", equalTo(true));
    }

    private Path partOf(Api.Account owner, long recording) {
        return store.resolve(fixture.firstPartPath(recording));
    }
}
