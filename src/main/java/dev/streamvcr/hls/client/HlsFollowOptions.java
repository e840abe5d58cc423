package dev.streamvcr.hls.client;

import dev.streamvcr.hls.LiveStart;
import dev.streamvcr.hls.PlaylistLimits;
import dev.streamvcr.hls.VariantPreference;
import java.time.Duration;

/**
 * How an {@link HlsFollower} follows a stream.
 *
 * @param preference      which variant of a master playlist
 * @param start           where in the first media playlist to begin (the live edge, or after a segment already
 *                        recorded)
 * @param limits          what a playlist may hold
 * @param maxSegmentBytes the largest segment (or key, init section) accepted; a larger one is left out as missed
 * @param attempts        fetches of one segment before it is given up as missed (transient failures, 5xx, 404)
 * @param retryBackoff    the wait before the second attempt, doubling after each
 * @param keepAds         whether segments inside an ad break (EXT-X-DATERANGE marked as one) are recorded
 */
public record HlsFollowOptions(VariantPreference preference, LiveStart start, PlaylistLimits limits,
        long maxSegmentBytes, int attempts, Duration retryBackoff, boolean keepAds) {

    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;

    public HlsFollowOptions {
        if (maxSegmentBytes <= 0 || attempts < 1 || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /** The best variant from the live edge, 64 MiB segments, 4 attempts from 0.5 s apart, ads left out. */
    public static HlsFollowOptions defaults() {
        return new HlsFollowOptions(VariantPreference.BEST, LiveStart.liveEdge(), PlaylistLimits.DEFAULTS,
                DEFAULT_MAX_SEGMENT_BYTES, 4, Duration.ofMillis(500), false);
    }

    public HlsFollowOptions withPreference(VariantPreference value) {
        return new HlsFollowOptions(value, start, limits, maxSegmentBytes, attempts, retryBackoff, keepAds);
    }

    public HlsFollowOptions withStart(LiveStart value) {
        return new HlsFollowOptions(preference, value, limits, maxSegmentBytes, attempts, retryBackoff, keepAds);
    }

    public HlsFollowOptions withMaxSegmentBytes(long value) {
        return new HlsFollowOptions(preference, start, limits, value, attempts, retryBackoff, keepAds);
    }

    public HlsFollowOptions withRetries(int value, Duration backoff) {
        return new HlsFollowOptions(preference, start, limits, maxSegmentBytes, value, backoff, keepAds);
    }

    public HlsFollowOptions withKeepAds(boolean value) {
        return new HlsFollowOptions(preference, start, limits, maxSegmentBytes, attempts, retryBackoff, value);
    }
}
