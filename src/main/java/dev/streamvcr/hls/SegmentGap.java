package dev.streamvcr.hls;

import java.time.Duration;
import java.util.Objects;

/**
 * Consecutive segments of a live stream that will not be recorded, as {@link LiveWindow} reports them: they left the
 * playlist before they were seen, or the playlist marks them as missing.
 *
 * @param firstSequence the Media Sequence Number of the first one
 * @param count         how many, at least 1
 * @param duration      their length: summed from their EXTINF when known, else estimated (see {@link Reason})
 * @param reason        why they are missing
 */
public record SegmentGap(long firstSequence, long count, Duration duration, Reason reason) {
    /** Why segments are missing. */
    public enum Reason {
        /**
         * They had left the sliding window (RFC 8216 §6.2.2) before a reload saw them, as after a slow reload or a
         * restart. Never seen, so their duration is estimated from the other segments' average.
         */
        AGED_OUT,
        /** EXT-X-GAP (8216bis §4.4.4.7): the server has no media for them; their duration is their EXTINF. */
        GAP_TAG
    }

    public SegmentGap {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(reason, "reason");
        if (count < 1) {
            throw new IllegalArgumentException("a gap has at least one segment");
        }
    }

    /** @return whether {@link #duration()} is an estimate */
    public boolean estimated() {
        return reason == Reason.AGED_OUT;
    }
}
