package dev.streamvcr.recording;

import dev.streamvcr.reservation.RecordingLookup;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.reservation.ReservationChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest progress of the sessions running on this node, updated every second and announced to open pages
 * ({@link ReservationChanges}), so a page can show it live
 * between the (less frequent) heartbeats that store it in the database for every node to see; and those stored
 * figures of any reservation's recording.
 */
@ApplicationScoped
public class ProgressBoard implements RecordingLookup {

    private final Map<Long, RecordingProgress> latest = new ConcurrentHashMap<>();

    @Inject
    ReservationChanges changes;

    public void update(long reservationId, long earlierPartsBytes, long earlierPartsMs, RecordingProgress current) {
        latest.put(reservationId, current.after(earlierPartsBytes, earlierPartsMs));
        changes.progress(reservationId);
    }

    public void remove(long reservationId) {
        latest.remove(reservationId);
    }

    @Override
    public Optional<Recorded> find(long reservationId) {
        return Recording.forReservation(reservationId).map(ProgressBoard::recorded);
    }

    @Override
    public Map<Long, Recorded> findAll(Collection<Long> reservationIds) {
        Map<Long, Recorded> found = new HashMap<>();
        if (!reservationIds.isEmpty()) {
            Recording.<Recording>list("reservation.id in ?1 order by id", reservationIds)
                    .forEach(recording -> found.putIfAbsent(recording.reservation.id, recorded(recording)));
        }
        return found;
    }

    private static Recorded recorded(Recording recording) {
        return new Recorded(recording.id, new RecordingProgress(recording.bytes, recording.durationMs,
                recording.bitrate, recording.videoCodec, recording.audioCodec));
    }

    @Override
    public long bytesOwnedBy(long ownerId) {
        return StorageUse.bytesOwnedBy(ownerId);
    }

    @Override
    public java.util.OptionalLong bytesPerSecondOf(String sourceUrl) {
        return StorageUse.bytesPerSecondOf(sourceUrl);
    }

    @Override
    public Optional<RecordingProgress> live(long reservationId) {
        return Optional.ofNullable(latest.get(reservationId));
    }
}
