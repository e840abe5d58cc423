package dev.streamvcr.recording;

import dev.streamvcr.reservation.ReservationView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest progress of the sessions running on this node, updated every second, so a page can show it live
 * between the (less frequent) heartbeats that store it in the database for every node to see.
 */
@ApplicationScoped
public class ProgressBoard {

    private final Map<Long, Progress> latest = new ConcurrentHashMap<>();

    public void update(long reservationId, long earlierPartsBytes, long earlierPartsMs, Progress current) {
        latest.put(reservationId, new Progress(earlierPartsBytes + current.bytes(), earlierPartsMs + current.durationMs(),
                current.bitrate(), current.videoCodec(), current.audioCodec()));
    }

    public void remove(long reservationId) {
        latest.remove(reservationId);
    }

    /** The view with this node's live figures when it is recording that reservation; otherwise unchanged. */
    public ReservationView overlay(ReservationView view) {
        Progress live = latest.get(view.id());
        if (live == null || view.state().isFinal()) {
            return view;
        }
        ReservationView.RecordingProgress progress = new ReservationView.RecordingProgress(live.bytes(),
                live.durationMs() / 1000.0, live.bitrate(), live.videoCodec(), live.audioCodec());
        return view.withProgress(progress);
    }
}
