package dev.streamvcr.recording;

import java.time.Instant;

/**
 * What a session records: the reservation's source and booked window, read when the session starts.
 *
 * @param rtmpOptions  the reservation's own RTMP options, added after the stream's, or null
 * @param earlierBytes what earlier sessions (before a restart or on another node) already recorded
 */
public record SessionTarget(long reservationId, String sourceUrl, String rtmpOptions, Instant startAt, Instant endAt,
        long earlierBytes) {
}
