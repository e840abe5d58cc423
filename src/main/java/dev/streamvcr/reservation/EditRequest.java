package dev.streamvcr.reservation;

/**
 * A change to a booking, before validation; a null field keeps its value. Times are read like a booking's (see
 * {@link BookingRequest}); {@code startAt} may be {@code now}.
 *
 * @param durationSeconds the new length from the (new) start, instead of {@code endAt}
 */
public record EditRequest(String title, String sourceUrl, String startAt, String endAt, Long durationSeconds,
        String timeZone, String rtmpOptions, String hlsOptions) {
}
