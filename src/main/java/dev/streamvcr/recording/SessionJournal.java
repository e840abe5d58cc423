package dev.streamvcr.recording;

import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.StateJournal;
import dev.streamvcr.storage.RecordingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The database side of a recording session. Every write first checks that this node still holds the
 * reservation's lease, so a node that lost its lease (and whose work another node took over) changes nothing.
 * All methods block: sessions call them off the event loop.
 */
@ApplicationScoped
public class SessionJournal {

    @Inject
    StateJournal states;

    @Inject
    RecordingStore store;

    @Inject
    dev.streamvcr.account.StoragePolicies storagePolicies;

    /** A new part opened for writing. */
    public record OpenedPart(long recordingId, long partId, int partNumber, String relativePath) {
    }

    /** What the node learns at each heartbeat. */
    public record Heartbeat(boolean leaseHeld, boolean stopRequested, String stopReason, java.time.Instant endAt) {
    }

    /** The source and window of a reservation this node holds, or empty when it lost the lease meanwhile. */
    @Transactional
    public Optional<SessionTarget> target(long reservationId, String node) {
        return held(reservationId, node).map(r -> {
            Optional<Recording> recording = Recording.forReservation(r.id);
            Long lastSequence = recording.flatMap(rec -> RecordingPart.ofRecording(rec.id).stream()
                    .filter(part -> part.lastMediaSequence != null)
                    .reduce((first, second) -> second)).map(part -> part.lastMediaSequence).orElse(null);
            return new SessionTarget(r.id, r.sourceUrl, r.rtmpOptions, r.hlsOptions, r.startAt, r.endAt,
                    recording.map(rec -> rec.bytes).orElse(0L), lastSequence);
        });
    }

    /** Bytes and milliseconds of the parts before {@code partNumber}, for totals shown while recording. */
    @Transactional
    public RecordingProgress earlierParts(long recordingId, int partNumber) {
        long bytes = 0;
        long ms = 0;
        for (RecordingPart part : RecordingPart.ofRecording(recordingId)) {
            if (part.partNumber < partNumber) {
                bytes += part.bytes;
                ms += part.durationMs;
            }
        }
        return new RecordingProgress(bytes, ms, 0, null, null);
    }

    /**
     * Changes state if this node still holds the lease; in the same state only the reason changes, without a line in
     * the history. Returns false when the lease is not held (the session must end).
     */
    @Transactional
    public boolean transition(long reservationId, String node, ReservationState to, String reason) {
        Optional<Reservation> held = held(reservationId, node);
        held.ifPresent(r -> {
            if (r.state != to) {
                states.transition(r, to, reason, node);
            } else if (!java.util.Objects.equals(r.stateReason, reason)) {
                states.restate(r, reason);
            }
        });
        return held.isPresent();
    }

    /** Opens the recording's next part, a file ending in {@code extension}. */
    @Transactional
    public OpenedPart openPart(long reservationId, String node, String extension) {
        Reservation reservation = held(reservationId, node)
                .orElseThrow(() -> new IllegalStateException("Lease on reservation " + reservationId + " lost"));
        Recording recording = Recording.forReservation(reservationId).orElseGet(() -> {
            Recording created = new Recording();
            created.reservation = reservation;
            created.ownerId = reservation.owner.id;
            created.startedAt = Instant.now();
            created.persist();
            return created;
        });
        List<RecordingPart> earlier = RecordingPart.ofRecording(recording.id);
        int number = earlier.size() + 1;
        RecordingPart part = new RecordingPart();
        part.recordingId = recording.id;
        part.partNumber = number;
        part.relativePath = store.partPath(reservationId, reservation.startAt, number, extension);
        part.node = node;
        part.startedAt = Instant.now();
        part.persist();
        if (!earlier.isEmpty()) {
            PartHandover.hole(earlier.get(earlier.size() - 1), part.id, node, part.startedAt)
                    .ifPresent(gap -> gap.persist());
        }
        recording.finishedAt = null;
        return new OpenedPart(recording.id, part.id, number, part.relativePath);
    }

    /** Renews the lease and stores progress; tells the session whether it still owns the work and whether to stop. */
    @Transactional
    public Heartbeat heartbeat(long reservationId, String node, Duration lease, Long partId, RecordingProgress progress,
            Long lastSequence) {
        Optional<Reservation> held = held(reservationId, node);
        if (held.isEmpty()) {
            return new Heartbeat(false, false, null, null);
        }
        Reservation reservation = held.get();
        // The database's clock, like the dispatcher's claim: node clocks may disagree.
        Number until = (Number) Reservation.getEntityManager()
                .createNativeQuery("select cast(extract(epoch from now()) * 1000 as bigint) + ?1")
                .setParameter(1, lease.toMillis()).getSingleResult();
        reservation.leaseUntil = Instant.ofEpochMilli(until.longValue());
        if (partId != null) {
            store(partId, progress, lastSequence, false);
            stopAtQuota(reservation);
        }
        return new Heartbeat(true, reservation.stopRequested, reservation.stopReason, reservation.endAt);
    }

    /** A recording whose owner's recordings now fill their quota stops, keeping what it recorded. */
    private void stopAtQuota(Reservation reservation) {
        Long quota = storagePolicies.of(reservation.owner.id).quotaBytes();
        if (quota == null || reservation.stopRequested) {
            return;
        }
        Recording.getEntityManager().flush();
        long used = StorageUse.bytesOwnedBy(reservation.owner.id);
        if (used >= quota) {
            reservation.stopRequested = true;
            reservation.stopReason = "Stopped: the recordings of " + reservation.owner.username + " fill their storage "
                    + "quota (" + dev.streamvcr.web.Formats.humanBytes(used) + " of "
                    + dev.streamvcr.web.Formats.humanBytes(quota) + "); what was recorded is kept.";
        }
    }

    @Transactional
    public void recordGap(long partId, Instant startedAt, long lengthMs, String cause) {
        RecordingGap gap = new RecordingGap();
        gap.partId = partId;
        gap.startedAt = startedAt;
        gap.lengthMs = lengthMs;
        gap.cause = cause;
        gap.persist();
    }

    /**
     * Stores the final figures of a part whose file is closed (and, for HLS, its last segment's sequence number).
     * Done even if the lease was lost: the file is ours.
     */
    @Transactional
    public void closePart(long partId, RecordingProgress progress, Long lastSequence) {
        store(partId, progress, lastSequence, true);
    }

    /** Ends the reservation in a final state and gives up the lease. */
    @Transactional
    public void finish(long reservationId, String node, ReservationState state, String reason) {
        held(reservationId, node).ifPresent(reservation -> {
            Optional<Recording> recording = Recording.forReservation(reservationId);
            String said = recording.filter(r -> state == ReservationState.COMPLETED)
                    .map(r -> reason + " " + RecordingService.coverage(r).summary() + ".").orElse(reason);
            states.transition(reservation, state, said, node);
            reservation.leaseOwner = null;
            reservation.leaseUntil = null;
            recording.ifPresent(r -> r.finishedAt = Instant.now());
        });
    }

    /** Gives the work back without finishing it (node shutting down): another node, or this one restarted, continues. */
    @Transactional
    public void release(long reservationId, String node) {
        held(reservationId, node).ifPresent(reservation -> reservation.leaseUntil = null);
    }

    private void store(long partId, RecordingProgress progress, Long lastSequence, boolean finished) {
        RecordingPart part = RecordingPart.findById(partId);
        if (part == null) {
            return;
        }
        if (lastSequence != null) {
            part.lastMediaSequence = lastSequence;
        }
        part.bytes = progress.bytes();
        part.durationMs = progress.durationMs();
        if (finished) {
            part.finishedAt = Instant.now();
        }
        Recording recording = Recording.findById(part.recordingId);
        long bytes = 0;
        long duration = 0;
        for (RecordingPart each : RecordingPart.ofRecording(recording.id)) {
            bytes += each.bytes;
            duration += each.durationMs;
        }
        recording.bytes = bytes;
        recording.durationMs = duration;
        recording.bitrate = finished && duration > 0 ? bytes * 8000 / duration : progress.bitrate();
        if (progress.videoCodec() != null) {
            recording.videoCodec = progress.videoCodec();
        }
        if (progress.audioCodec() != null) {
            recording.audioCodec = progress.audioCodec();
        }
    }

    private static Optional<Reservation> held(long reservationId, String node) {
        Reservation reservation = Reservation.findById(reservationId, LockModeType.PESSIMISTIC_WRITE);
        if (reservation == null || !node.equals(reservation.leaseOwner) || reservation.state.isFinal()) {
            return Optional.empty();
        }
        return Optional.of(reservation);
    }
}
