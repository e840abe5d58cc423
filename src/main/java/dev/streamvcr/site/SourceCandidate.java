package dev.streamvcr.site;

import java.util.Objects;

/**
 * A stream found behind a page. {@code source} is what a reservation records: an {@code rtmp://} or
 * {@code rtmps://} URL optionally followed by librtmp-style {@code key=value} options separated by spaces (e.g.
 * {@code rtmp://host/app/ch1 conn=S:ticket live=1}), or an HLS ({@code .m3u8}) URL. {@code origin} says where it
 * was found, in words a user understands ("og:video meta tag", "player config in inline script"). Higher
 * {@code score} ranks first.
 */
public record SourceCandidate(String source, String origin, int score) {

    public SourceCandidate {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
    }
}
