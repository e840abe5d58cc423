package dev.streamvcr.recording;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.flv.DeadWriterFile;
import dev.streamvcr.flv.FinalisedFile;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node died while writing a part: another node (here: this one) finalises the file it left. */
@QuarkusTest
class PartRecoveryTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    RecordingStore store;

    @TempDir
    Path dir;

    @Test
    void aTornPartOfADeadNodeIsCutAndFinalised() throws Exception {
        Api.Account user = Api.newUser("user");
        Path source = dir.resolve("dead.flv");
        long size = DeadWriterFile.write(source, 200, 500, 64);
        byte[] torn = Arrays.copyOf(Files.readAllBytes(source), (int) size - 300);
        Instant start = Instant.now().minusSeconds(120);
        // The booked end has passed too: no session will take the work over; only recovery touches the part.
        long reservation = fixture.interruptedRecording(user.username(), "rtmp://127.0.0.1:1/live/gone", start,
                Instant.now().minusSeconds(5), "node-that-died", torn);
        int recording = user.api().get("/api/v1/reservations/" + reservation).then().statusCode(200)
                .extract().path("recordingId");

        JsonPath view = awaitFinishedPart(user, recording, Instant.now().plusSeconds(40));

        Path file = store.resolve(store.partPath(reservation, start, 1));
        assertTrue(Files.size(file) < torn.length, "the torn tag was cut");
        Map<String, Object> metadata = FinalisedFile.check(file);
        assertEquals(Files.size(file), view.getLong("parts[0].bytes"));
        assertEquals((double) metadata.get("duration"), view.getDouble("parts[0].durationSeconds"), 0.001);
        assertEquals("H.264", view.getString("videoCodec"));
    }

    private static JsonPath awaitFinishedPart(Api.Account user, int recording, Instant deadline) {
        JsonPath view = await("part 1 of recording " + recording + " recovered by " + deadline)
                .atMost(Duration.between(Instant.now(), deadline)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> user.api().get("/api/v1/recordings/" + recording).then().statusCode(200).extract()
                        .jsonPath(), found -> found.getString("parts[0].finishedAt") != null);
        assertNotNull(view.getString("parts[0].finishedAt"));
        return view;
    }
}
