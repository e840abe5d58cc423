package dev.streamvcr.reservation;

import java.util.Optional;

/**
 * What the reservation pages and API show of a reservation's recording. The recording feature, which depends on
 * reservations, provides it, so that reservations need not know how recordings are kept.
 */
public interface RecordingLookup {

    /** A reservation's recording: its id and its figures as last stored by the node that records it. */
    record Recorded(long recordingId, RecordingProgress progress) {
    }

    /** The recording of reservation {@code reservationId}, if one was started; call inside a transaction. */
    Optional<Recorded> find(long reservationId);

    /** The recordings of several reservations in one query, by reservation id; call inside a transaction. */
    java.util.Map<Long, Recorded> findAll(java.util.Collection<Long> reservationIds);

    /** Bytes the recordings of {@code ownerId} take now (as last stored); call inside a transaction. */
    long bytesOwnedBy(long ownerId);

    /**
     * Bytes per second the completed recordings of {@code sourceUrl} took on average (all their bytes over all their
     * media time), or empty when there are none; call inside a transaction.
     */
    java.util.OptionalLong bytesPerSecondOf(String sourceUrl);

    /** This node's live figures, fresher than the stored ones, while it records reservation {@code reservationId}. */
    Optional<RecordingProgress> live(long reservationId);
}
