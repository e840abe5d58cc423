package dev.streamvcr.notify;

import java.time.Instant;

/**
 * One thing to tell a person about, as the code that saw it happen describes it.
 *
 * @param reservationId null for a notice about no reservation (a channel that went live before any booking)
 * @param title         the reservation's title, or the channel's name
 * @param startAt       the booked start, when there is one
 * @param endAt         the booked end, when there is one
 * @param message       what happened, in words a person reads (a state's reason)
 */
public record Notice(NoticeKind kind, long userId, Long reservationId, String title, Instant startAt, Instant endAt,
        Instant at, String message) {

    /** A reservation's notice, happening now. */
    public static Notice of(NoticeKind kind, long userId, long reservationId, String title, Instant startAt,
            Instant endAt, String message) {
        return new Notice(kind, userId, reservationId, title, startAt, endAt, Instant.now(), message);
    }

    /**
     * A watched channel went live: for the channel watch to publish (with the reservation it started, if any).
     *
     * @param channel the watched page's name or address
     */
    public static Notice channelLive(long userId, String channel, Long reservationId, String message) {
        return new Notice(NoticeKind.CHANNEL_LIVE, userId, reservationId, channel, null, null, Instant.now(), message);
    }
}
