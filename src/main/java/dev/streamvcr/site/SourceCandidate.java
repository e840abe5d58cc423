package dev.streamvcr.site;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A stream found behind a page. {@code source} is what a reservation records: an {@code rtmp://} or
 * {@code rtmps://} URL optionally followed by librtmp-style {@code key=value} options separated by spaces (e.g.
 * {@code rtmp://host/app/ch1 conn=S:ticket live=1}), or an HLS ({@code .m3u8}) URL. {@code origin} says where it
 * was found, in words a user understands ("og:video meta tag", "player config in inline script"). Higher
 * {@code score} ranks first. {@code access} says what requests for the stream need besides its address.
 */
public record SourceCandidate(String source, String origin, int score, @JsonIgnore StreamAccess access) {

    public SourceCandidate {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        // not stored with the resolution's reports: read back, a candidate needs nothing more
        access = access == null ? StreamAccess.NONE : access;
    }

    /** A candidate that needs nothing besides its address. */
    public SourceCandidate(String source, String origin, int score) {
        this(source, origin, score, StreamAccess.NONE);
    }
}
