package dev.streamvcr.recording;

import java.time.Instant;

/**
 * What a session records: the reservation's source and booked window, read when the session starts.
 *
 * @param rtmpOptions  the reservation's own RTMP options, added after the stream's, or null
 * @param hlsOptions   the reservation's HLS options, or null
 * @param earlierBytes what earlier sessions (before a restart or on another node) already recorded
 * @param lastSequence for HLS, the Media Sequence Number of the last segment an earlier part holds, or null
 */
public record SessionTarget(long reservationId, String sourceUrl, String rtmpOptions, String hlsOptions,
        Instant startAt, Instant endAt, long earlierBytes, Long lastSequence) {

    /** The same target with the booked end moved (an edit of a running recording). */
    SessionTarget withEndAt(Instant end) {
        return new SessionTarget(reservationId, sourceUrl, rtmpOptions, hlsOptions, startAt, end, earlierBytes,
                lastSequence);
    }
}
