package dev.streamvcr.hls;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A media playlist (RFC 8216 §4.3.3): the segments of one rendition, as of the moment it was loaded. Low-latency
 * partial segments (8216bis §4.4.4.9) are not listed: only full segments are.
 *
 * @param targetDuration        EXT-X-TARGETDURATION (§4.3.3.1): no segment is longer, rounded to whole seconds
 * @param mediaSequence         the first listed segment's Media Sequence Number (§4.3.3.2), 0 when absent
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE (§4.3.3.3), 0 when absent
 * @param type                  EXT-X-PLAYLIST-TYPE (§4.3.3.5)
 * @param endList               EXT-X-ENDLIST (§4.3.3.4): no segment will be added
 * @param segments              in playlist order, so in Media Sequence Number order
 * @param dateRanges            the EXT-X-DATERANGE tags, in the order listed
 */
public record MediaPlaylist(URI uri, int version, boolean independentSegments, Duration targetDuration,
                            long mediaSequence, long discontinuitySequence, Type type, boolean endList,
                            List<MediaSegment> segments, List<DateRange> dateRanges) implements Playlist {
    /** EXT-X-PLAYLIST-TYPE. */
    public enum Type {
        /** No EXT-X-PLAYLIST-TYPE: a live playlist whose oldest segments may be removed. */
        NONE,
        /** Segments are only appended (§4.3.3.5). */
        EVENT,
        /** The playlist never changes (§4.3.3.5). */
        VOD
    }

    public MediaPlaylist {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(targetDuration, "targetDuration");
        Objects.requireNonNull(type, "type");
        segments = List.copyOf(segments);
        dateRanges = List.copyOf(dateRanges);
    }

    /** @return the Media Sequence Number the next segment to be added will have */
    public long nextMediaSequence() {
        return mediaSequence + segments.size();
    }

    /** @return whether the playlist will not change again: EXT-X-ENDLIST, or type VOD (§6.3.4: no reload needed) */
    public boolean isFinished() {
        return endList || type == Type.VOD;
    }

    /**
     * @return whether the segments are fragmented MPEG-4 (CMAF) rather than MPEG-TS: a segment has a Media
     *         Initialization Section (§3.3 requires one for fMP4) that is not itself a {@code .ts} resource, as
     *         MPEG-TS playlists may also carry EXT-X-MAP (§3.2)
     */
    public boolean isFragmentedMp4() {
        return segments.stream().anyMatch(segment -> segment.initSection() != null
                && !String.valueOf(segment.initSection().uri().getPath()).toLowerCase(Locale.ROOT).endsWith(".ts"));
    }

    /**
     * @return whether {@code segment} starts inside an {@link DateRange#isAdBreak() ad break} of this playlist, by its
     *         program date and time; false when it has none
     */
    public boolean inAdBreak(MediaSegment segment) {
        return segment.programDateTime() != null && dateRanges.stream()
                .anyMatch(range -> range.isAdBreak() && range.contains(segment.programDateTime()));
    }
}
