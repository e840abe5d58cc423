package dev.streamvcr.hls;

import java.net.URI;

/**
 * A parsed playlist: a {@link MasterPlaylist} listing variants, or a {@link MediaPlaylist} listing segments
 * (RFC 8216 §4.1: a playlist is one or the other, never both).
 */
public sealed interface Playlist permits MasterPlaylist, MediaPlaylist {
    /** @return the URI the playlist was loaded from, against which its relative URIs were resolved */
    URI uri();

    /** @return the EXT-X-VERSION (§4.3.1.2), 1 when absent */
    int version();

    /** @return whether EXT-X-INDEPENDENT-SEGMENTS is present (§4.3.5.1) */
    boolean independentSegments();
}
