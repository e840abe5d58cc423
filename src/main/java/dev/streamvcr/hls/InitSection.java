package dev.streamvcr.hls;

import java.net.URI;
import java.util.Objects;

/**
 * A Media Initialization Section (RFC 8216 §4.3.2.5 EXT-X-MAP): what a decoder needs before the segments it applies
 * to, such as the fMP4 {@code ftyp}/{@code moov} boxes.
 *
 * @param uri       resolved against the playlist's URI
 * @param byteRange the part of the resource, or null for all of it; an omitted offset is 0
 * @param key       the key in force where the EXT-X-MAP tag appears, which encrypts it too (8216bis §4.4.4.5)
 */
public record InitSection(URI uri, ByteRange byteRange, SegmentKey key) {
    public InitSection {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(key, "key");
    }
}
