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
        Instant start = Instant.parse("2026-05-01T18:00:00Z");
        Reservation reservation = reservation(username, title, "rtmp://127.0.0.1/live/fixture", start,
                start.plus(1, ChronoUnit.HOURS), ReservationState.COMPLETED);
        return recordingWithOnePart(reservation, content);
    }

    /**
     * A reservation that node {@code deadNode} was recording when it died: state RECORDING, lease expired, part 1
     * on storage. Returns the reservation's ID.
     */
    @Transactional
    public long interruptedRecording(String username, String sourceUrl, Instant start, Instant end, String deadNode,
            byte[] content) throws IOException {
        Reservation reservation = reservation(username, "Interrupted", sourceUrl, start, end, ReservationState.RECORDING);
        reservation.leaseOwner = deadNode;
        reservation.leaseUntil = Instant.now().minusSeconds(1);
        recordingWithOnePart(reservation, content);
        return reservation.id;
    }

    /** Notes an interruption in the first part of a recording, as a session does after a reconnect. */
    @Transactional
    public void addGap(long recordingId, Instant startedAt, long lengthMs, String cause) {
        RecordingPart part = RecordingPart.ofRecording(recordingId).get(0);
        RecordingGap gap = new RecordingGap();
        gap.partId = part.id;
        gap.startedAt = startedAt;
        gap.lengthMs = lengthMs;
        gap.cause = cause;
        gap.persist();
    }

    private static Reservation reservation(String username, String title, String sourceUrl, Instant start, Instant end,
            ReservationState state) {
        Reservation reservation = new Reservation();
        reservation.owner = AppUser.findByUsername(username).orElseThrow();
        reservation.title = title;
        reservation.sourceUrl = sourceUrl;
        reservation.startAt = start;
        reservation.endAt = end;
        reservation.state = state;
        reservation.createdAt = Instant.now();
        reservation.persist();
        return reservation;
    }

    private long recordingWithOnePart(Reservation reservation, byte[] content) throws IOException {
        AppUser owner = reservation.owner;
        Recording recording = new Recording();
        recording.reservation = reservation;
        recording.ownerId = owner.id;
        recording.startedAt = reservation.startAt;
        recording.finishedAt = reservation.state.isFinal() ? reservation.endAt : null;
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
        part.finishedAt = recording.finishedAt;
        part.bytes = content.length;
        part.persist();
        Path file = store.resolve(part.relativePath);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return recording.id;
    }
}
