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
    }
}
