package dev.streamvcr.hls;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One media segment of a {@link MediaPlaylist}, with everything that applies to it resolved: its place in the stream,
 * the key and initialization section in force, and a sub-range with its offset filled in.
 *
 * @param mediaSequence         its Media Sequence Number (RFC 8216 §3): EXT-X-MEDIA-SEQUENCE plus its position
 * @param discontinuitySequence its Discontinuity Sequence Number: EXT-X-DISCONTINUITY-SEQUENCE plus the
 *                              EXT-X-DISCONTINUITY tags before it in the playlist (§4.3.3.3)
 * @param uri                   resolved against the playlist's URI
 * @param duration              the EXTINF duration (§4.3.2.1)
 * @param title                 the EXTINF title, empty when none
 * @param byteRange             the EXT-X-BYTERANGE sub-range, or null for the whole resource
 * @param key                   the key in force (§4.3.2.4); {@link SegmentKey#NONE} when not encrypted
 * @param initSection           the EXT-X-MAP in force, or null
 * @param programDateTime       the EXT-X-PROGRAM-DATE-TIME of its first sample: its own tag's, else extrapolated
 *                              from the previous segment's (§6.3.3) unless a discontinuity lies between; or null
 * @param gap                   EXT-X-GAP (8216bis §4.4.4.7): the segment is missing and must not be loaded
 * @param discontinuity         an EXT-X-DISCONTINUITY precedes it (§4.3.2.3)
 */
public record MediaSegment(long mediaSequence, long discontinuitySequence, URI uri, Duration duration, String title,
                           ByteRange byteRange, SegmentKey key, InitSection initSection, Instant programDateTime,
                           boolean gap, boolean discontinuity) {
    public MediaSegment {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(key, "key");
    }
}
