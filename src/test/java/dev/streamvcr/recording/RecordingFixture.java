package dev.streamvcr.recording;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.storage.RecordingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Puts a finished recording with a file of known bytes in place, as a session would have left it. */
@ApplicationScoped
public class RecordingFixture {

    @Inject
    RecordingStore store;

    /** The recording's ID; its single part holds {@code content}. */
    @Transactional
    public long finishedRecording(String username, String title, byte[] content) throws IOException {
        AppUser owner = AppUser.findByUsername(username).orElseThrow();
        Reservation reservation = new Reservation();
        reservation.owner = owner;
        reservation.title = title;
        reservation.sourceUrl = "rtmp://127.0.0.1/live/fixture";
        reservation.startAt = Instant.parse("2026-05-01T18:00:00Z");
        reservation.endAt = reservation.startAt.plus(1, ChronoUnit.HOURS);
        reservation.state = ReservationState.COMPLETED;
        reservation.createdAt = Instant.now();
        reservation.persist();
        Recording recording = new Recording();
        recording.reservation = reservation;
        recording.ownerId = owner.id;
        recording.startedAt = reservation.startAt;
        recording.finishedAt = reservation.endAt;
        recording.bytes = content.length;
        recording.durationMs = 3_600_000;
        recording.videoCodec = "H.264";
        recording.audioCodec = "AAC";
        recording.persist();
        RecordingPart part = new RecordingPart();
        part.recordingId = recording.id;
        part.partNumber = 1;
        part.relativePath = store.partPath(reservation.id, reservation.startAt, 1);
        part.startedAt = reservation.startAt;
        part.finishedAt = reservation.endAt;
        part.bytes = content.length;
        part.persist();
        Path file = store.resolve(part.relativePath);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return recording.id;
    }
}
