package dev.streamvcr.reservation;

/**
 * A reservation as submitted, before validation. Times are ISO-8601 with an offset ({@code 2026-05-01T20:00:00+02:00})
 * or, from the page, local date-times ({@code 2026-05-01T20:00}) read in {@code timeZone}.
 *
 * @param durationSeconds used when {@code endAt} is empty
 * @param rtmpOptions     librtmp-style options for the RTMP connection (the Advanced section), or null
 * @param hlsOptions      HLS options as text, one {@code name=value} per line (see {@link HlsOptions}), or null
 * @param untilStopped    with a start of "now": record until stopped, bounded by the maximum duration
 */
public record BookingRequest(String title, String sourceUrl, String startAt, String endAt, Long durationSeconds,
        String timeZone, String rtmpOptions, String hlsOptions, boolean untilStopped) {

    public BookingRequest(String title, String sourceUrl, String startAt, String endAt, Long durationSeconds,
            String timeZone, String rtmpOptions, String hlsOptions) {
        this(title, sourceUrl, startAt, endAt, durationSeconds, timeZone, rtmpOptions, hlsOptions, false);
    }

    /** Whether the start is "now": omitted, blank or the word {@code now}. */
    public boolean startsNow() {
        return startAt == null || startAt.isBlank() || startAt.strip().equalsIgnoreCase("now");
    }
}
