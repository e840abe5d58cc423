package dev.streamvcr.hls;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An EXT-X-DATERANGE tag (RFC 8216 §4.3.2.7, 8216bis §4.4.5.1): a span of the stream's date timeline that carries
 * metadata, in live streams mostly the place of an ad break.
 *
 * @param id              the ID attribute
 * @param dateClass       the CLASS attribute, or null
 * @param startDate       START-DATE
 * @param endDate         END-DATE, or null
 * @param duration        DURATION, or null
 * @param plannedDuration PLANNED-DURATION (an estimate while the end is unknown), or null
 * @param scte35Out       SCTE35-OUT is present (§4.3.2.7.1: the splice out of the program, an ad break begins)
 * @param scte35In        SCTE35-IN is present (the splice back in)
 * @param scte35Cmd       SCTE35-CMD is present (any other splice_info_section)
 * @param endOnNext       END-ON-NEXT=YES: it ends where the next range of its CLASS starts
 */
public record DateRange(String id, String dateClass, Instant startDate, Instant endDate, Duration duration,
                        Duration plannedDuration, boolean scte35Out, boolean scte35In, boolean scte35Cmd,
                        boolean endOnNext) {
    /**
     * CLASS values services use for inserted ads: Twitch's stitched ads and their quartile beacons, and Apple's HLS
     * interstitials (8216bis Appendix D), which replace the main content for their duration.
     */
    static final Set<String> AD_CLASSES = Set.of("twitch-stitched-ad", "twitch-ad-quartile",
            "com.apple.hls.interstitial");

    public DateRange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startDate, "startDate");
    }

    /**
     * @return whether the range marks an ad break: it carries a SCTE-35 splice, or its CLASS is one used for ads, or
     *         (Twitch) its ID starts with {@code stitched-ad-}
     */
    public boolean isAdBreak() {
        return scte35Out || scte35In || scte35Cmd || dateClass != null && AD_CLASSES.contains(dateClass)
                || id.startsWith("stitched-ad-");
    }

    /**
     * @return where the range ends: END-DATE, else START-DATE plus DURATION, else plus PLANNED-DURATION; null when
     *         none is known (an open range, or one that ends on the next)
     */
    public Instant end() {
        if (endDate != null) {
            return endDate;
        }
        Duration length = duration != null ? duration : plannedDuration;
        return length == null ? null : plus(startDate, length);
    }

    /** @return {@code instant + length}, or {@link Instant#MAX} past it: dates near the end of time do not fail */
    static Instant plus(Instant instant, Duration length) {
        try {
            return instant.plus(length);
        } catch (DateTimeException | ArithmeticException pastTheEnd) {
            return Instant.MAX;
        }
    }

    /** @return whether {@code instant} lies in the range; an open range contains everything from its start on */
    public boolean contains(Instant instant) {
        Instant end = end();
        return !instant.isBefore(startDate) && (end == null || instant.isBefore(end));
    }
}
