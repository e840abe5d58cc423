package dev.streamvcr.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.audit.AuditEvent;
import dev.streamvcr.recording.Recording;
import dev.streamvcr.recording.RecordingFixture;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountDeletionTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    RecordingStore store;

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(Api.adminToken()).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static Long owner(long recordingId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Recording recording = Recording.findById(recordingId);
            return recording == null ? null : recording.ownerId;
        });
    }

    @Test
    void apiHandsTheRecordingsToAnAdmin() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        long recording = fixture.finishedRecording(user.username(), "kept for the admin",
                "FLV".getBytes(StandardCharsets.US_ASCII));
        long adminId = Api.userId("admin");

        admin().delete("/api/v1/users/" + id).then().statusCode(400).body("fields.recordings",
                containsString("'handover'"));
        admin().queryParam("recordings", "handover").queryParam("heir", id).delete("/api/v1/users/" + id)
                .then().statusCode(400).body("fields.heir", containsString("another enabled admin"));
        admin().queryParam("recordings", "handover").queryParam("heir", adminId).delete("/api/v1/users/" + id)
                .then().statusCode(204);

        assertEquals(adminId, owner(recording));
        admin().get("/api/v1/users/" + id).then().statusCode(404);
        user.api().get("/api/v1/reservations").then().statusCode(401);
        long audited = QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "action = 'account-delete' and detail like ?1", "account '" + user.username() + "';%handed to 'admin'"));
        assertEquals(1, audited);
    }

    @Test
    void pageAsksThenDeletesTheRecordingsFilesToo() throws Exception {
        Api.Account user = Api.newUser("user");
        long id = Api.userId(user.username());
        long recording = fixture.finishedRecording(user.username(), "goes with the account",
                "FLV".getBytes(StandardCharsets.US_ASCII));
        Path part = store.resolve(fixture.firstPartPath(recording));
        assertTrue(Files.exists(part));

        String session = PasswordChangeTest.session("admin", Api.ADMIN_PASSWORD);
        given().cookie("streamvcr-session", session).get("/admin/users/" + id).then().statusCode(200)
                .body(containsString("/admin/users/" + id + "/delete"));
        given().cookie("streamvcr-session", session).get("/admin/users/" + id + "/delete").then().statusCode(200)
                .body(containsString("Delete the account “" + user.username() + "”?"))
                .body(containsString("value=\"delete\"")).body(containsString("value=\"handover\""))
                .body(containsString("Keep it")).body(org.hamcrest.Matchers.not(containsString("<script>")));
        PasswordChangeTest.postForm(session, "/admin/users/" + id + "/delete", "/admin/users/" + id + "/delete",
                Map.of()).then().statusCode(400).body(containsString("Choose what happens to the recordings"));
        PasswordChangeTest.postForm(session, "/admin/users/" + id + "/delete", "/admin/users/" + id + "/delete",
                Map.of("recordings", "delete")).then().statusCode(303)
                .header("Location", containsString("/admin/users?deleted=" + user.username()));

        assertEquals(null, owner(recording));
        assertFalse(Files.exists(part), "the recording's file is deleted");
        given().cookie("streamvcr-session", session).queryParam("deleted", user.username()).get("/admin/users")
                .then().statusCode(200).body(containsString("Deleted the account &#39;" + user.username()));
    }

    @Test
    void refusesOnesOwnAccountAndTheLastAdmin() {
        Api.Account other = Api.newUser("admin");
        long otherId = Api.userId(other.username());
        other.api().queryParam("recordings", "delete").delete("/api/v1/users/" + otherId).then().statusCode(409)
                .body("error", containsString("your own account"));

        // leave 'admin' the only admin who can log in, for this test only
        long adminId = Api.userId("admin");
        List<Long> others = QuarkusTransaction.requiringNew().call(() -> AppUser.<AppUser>list(
                "role = 'admin' and disabled = false and username <> 'admin'").stream().map(u -> u.id).toList());
        QuarkusTransaction.requiringNew().run(() -> AppUser.update("disabled = true where id in ?1", others));
        try {
            admin().queryParam("recordings", "delete").delete("/api/v1/users/" + adminId).then().statusCode(409)
                    .body("error", containsString("'admin' is the last admin who can log in"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AppUser.update("disabled = false where id in ?1", others));
        }
        admin().get("/api/v1/users/" + adminId).then().statusCode(200);
    }
}
