package dev.streamvcr.recording;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.streamvcr.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A reservation shows its recording's id and stored figures, which the recording side provides. */
@QuarkusTest
class ReservationRecordingFiguresTest {

    @Inject
    RecordingFixture fixture;

    @Test
    void aReservationShowsTheFiguresOfItsRecording() throws Exception {
        Api.Account owner = Api.newUser("user");
        long recordingId = fixture.finishedRecording(owner.username(), "Figures", new byte[12_345]);
        int reservationId = owner.api().get("/api/v1/recordings/" + recordingId).then().statusCode(200)
                .extract().path("reservationId");

        owner.api().get("/api/v1/reservations/" + reservationId).then().statusCode(200)
                .body("recordingId", equalTo((int) recordingId))
                .body("progress.bytes", equalTo(12_345))
                .body("progress.durationSeconds", equalTo(3600.0f))
                .body("progress", not(hasKey("durationMs")));
        // the list reads a page's recordings in one query: the same figures there, and none for a reservation without
        long other = fixture.finishedRecording(owner.username(), "Other", new byte[777]);
        owner.api().body(java.util.Map.of("title", "Not yet", "sourceUrl", "rtmp://127.0.0.1:1/live/later",
                "startAt", java.time.Instant.now().plusSeconds(3600).toString(),
                "endAt", java.time.Instant.now().plusSeconds(7200).toString()))
                .post("/api/v1/reservations").then().statusCode(201);
        owner.api().get("/api/v1/reservations").then().statusCode(200)
                .body("find { it.id == " + reservationId + " }.recordingId", equalTo((int) recordingId))
                .body("find { it.id == " + reservationId + " }.progress.bytes", equalTo(12_345))
                .body("find { it.title == 'Other' }.recordingId", equalTo((int) other))
                .body("find { it.title == 'Other' }.progress.bytes", equalTo(777))
                .body("find { it.title == 'Not yet' }.recordingId", org.hamcrest.Matchers.nullValue());
    }
}
