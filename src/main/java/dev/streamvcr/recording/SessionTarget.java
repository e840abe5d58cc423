package dev.streamvcr.recording;

import java.time.Instant;

/** What a session records: the reservation's source and booked window, read when the session starts. */
public record SessionTarget(long reservationId, String sourceUrl, Instant startAt, Instant endAt) {
}
