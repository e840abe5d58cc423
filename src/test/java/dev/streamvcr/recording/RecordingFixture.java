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
import java.util.List;

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

    /** One part of a recording: its file's bytes, media length and the node that wrote it. */
    public record PartContent(byte[] bytes, long durationMs, String node) {
    }

    /**
     * A finished recording of a {@code bookedSeconds} window in several parts written in turn, each part's file ending
     * in {@code extension}; part N+1 opened {@code holeMs} after part N's last media, as after a restart or take-over.
     * Returns the recording's ID.
     */
    @Transactional
    public long finishedRecordingInParts(String username, String title, long bookedSeconds, String extension,
            long holeMs, List<PartContent> contents) throws IOException {
        Instant start = Instant.parse("2026-05-01T18:00:00Z");
        Reservation reservation = reservation(username, title, "rtmp://127.0.0.1/live/fixture", start,
                start.plusSeconds(bookedSeconds), ReservationState.COMPLETED);
        Recording recording = new Recording();
        recording.reservation = reservation;
        recording.ownerId = reservation.owner.id;
        recording.startedAt = start;
        recording.finishedAt = reservation.endAt;
        recording.videoCodec = "H.264";
        recording.audioCodec = "AAC";
        recording.persist();
        Instant opened = start;
        int number = 0;
        for (PartContent content : contents) {
            number++;
            RecordingPart part = new RecordingPart();
            part.recordingId = recording.id;
            part.partNumber = number;
            part.relativePath = store.partPath(reservation.id, start, number, extension);
            part.node = content.node();
            part.startedAt = opened;
            part.finishedAt = opened.plusMillis(content.durationMs());
            part.bytes = content.bytes().length;
            part.durationMs = content.durationMs();
            part.persist();
            Path file = store.resolve(part.relativePath);
            Files.createDirectories(file.getParent());
            Files.write(file, content.bytes());
            recording.bytes += part.bytes;
            recording.durationMs += part.durationMs;
            opened = part.finishedAt.plusMillis(holeMs);
        }
        return recording.id;
    }

    /**
     * A reservation that {@code node} holds the lease of, RECORDING, whose part 1 was written by {@code deadNode} from
     * {@code partStartedAt} on and holds {@code partMs} of media; for opening part 2 as a take-over does.
     */
    @Transactional
    public long heldRecordingWithOnePart(String username, String node, String deadNode, Instant start, Instant end,
            Instant partStartedAt, long partMs) throws IOException {
        Reservation reservation = reservation(username, "Taken over", "rtmp://127.0.0.1:1/live/x", start, end,
                ReservationState.RECORDING);
        reservation.leaseOwner = node;
        reservation.leaseUntil = Instant.now().plusSeconds(60);
        recordingWithOnePart(reservation, new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0});
        RecordingPart part = RecordingPart.ofRecording(Recording.forReservation(reservation.id).orElseThrow().id).get(0);
        part.node = deadNode;
        part.startedAt = partStartedAt;
        part.durationMs = partMs;
        part.finishedAt = partStartedAt.plusMillis(partMs);
        Recording recording = Recording.findById(part.recordingId);
        recording.durationMs = partMs;
        return reservation.id;
    }

    /** Where part 1 of a recording is, relative to the storage root. */
    @Transactional
    public String firstPartPath(long recordingId) {
        return RecordingPart.ofRecording(recordingId).get(0).relativePath;
    }

    /** The ID of part 1 of a recording. */
    @Transactional
    public long firstPartId(long recordingId) {
        return RecordingPart.ofRecording(recordingId).get(0).id;
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
