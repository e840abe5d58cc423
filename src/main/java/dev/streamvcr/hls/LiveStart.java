package dev.streamvcr.hls;

import java.time.Instant;

/**
 * Where a {@link LiveWindow} starts handing out segments of the first playlist it sees.
 *
 * @param kind        which rule
 * @param lastWritten for {@link Kind#AFTER}, the Media Sequence Number of the last segment already written; for
 *                    {@link Kind#AT}, -1 or the one before the segment another rendition of the stream began with
 *                    (see {@link #at(Instant, long)}); else -1
 * @param at          for {@link Kind#AT}, the moment the recording should begin with; else null
 */
public record LiveStart(Kind kind, long lastWritten, Instant at) {
    /** The rules. */
    public enum Kind {
        /**
         * As players start (RFC 8216 §6.3.3): the latest segment that starts at least three target durations before
         * the end of the playlist. A finished playlist (ENDLIST or VOD) is handed out from its first segment.
         */
        LIVE_EDGE,
        /** The first segment listed: everything the window still holds. */
        FIRST_LISTED,
        /**
         * The segment after {@code lastWritten}, to resume a recording after a restart: if it is still listed the
         * recording continues without a gap; if it has aged out, from the first listed with a gap for those missed.
         */
        AFTER,
        /**
         * The segment that holds {@code at}, for a recording booked to begin then: each listed segment's start is its
         * EXT-X-PROGRAM-DATE-TIME, or else reckoned back from the time the playlist arrived (the end of its last
         * segment, as a live playlist is written when a segment is complete). When every listed segment ended before
         * {@code at} (the playlist was read ahead of it), the first segment to come that does not.
         */
        AT
    }

    public LiveStart {
        if (kind == null || (kind == Kind.AFTER) && lastWritten < 0 || kind != Kind.AFTER && kind != Kind.AT
                && lastWritten >= 0 || lastWritten < -1 || lastWritten == Long.MAX_VALUE) {
            throw new IllegalArgumentException("only AFTER and AT take a sequence number, from 0 to 2^63-2");
        }
        if ((kind == Kind.AT) != (at != null)) {
            throw new IllegalArgumentException("only AT takes a moment");
        }
    }

    public LiveStart(Kind kind, long lastWritten) {
        this(kind, lastWritten, null);
    }

    /** @param at the moment the recording should begin with */
    public static LiveStart at(Instant at) {
        return new LiveStart(Kind.AT, -1, at);
    }

    /**
     * As {@link #at(Instant)}, for a rendition followed beside another (audio beside video) whose first segment was
     * {@code alongside}: nearly every packager numbers the renditions of a stream alike, and then the segment with that
     * number is the one with the same media, whatever the phase of the reloads. Taken only when the playlist lists it
     * (or it is the next to come) within a segment of where {@code at} falls; otherwise as {@link #at(Instant)}.
     */
    public static LiveStart at(Instant at, long alongside) {
        if (alongside < 0) {
            throw new IllegalArgumentException("a Media Sequence Number is at least 0: " + alongside);
        }
        return new LiveStart(Kind.AT, alongside - 1, at);
    }

    public static LiveStart liveEdge() {
        return new LiveStart(Kind.LIVE_EDGE, -1);
    }

    public static LiveStart firstListed() {
        return new LiveStart(Kind.FIRST_LISTED, -1);
    }

    /** @param lastWritten the Media Sequence Number of the last segment written before the restart */
    public static LiveStart after(long lastWritten) {
        return new LiveStart(Kind.AFTER, lastWritten);
    }
}
