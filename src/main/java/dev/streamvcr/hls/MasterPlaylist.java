package dev.streamvcr.hls;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A master (multivariant) playlist (RFC 8216 §4.3.4): the variant streams of one presentation and their alternative
 * renditions. EXT-X-I-FRAME-STREAM-INF, EXT-X-SESSION-DATA and content steering are not kept.
 *
 * @param variants    in the order listed
 * @param renditions  every EXT-X-MEDIA, in the order listed
 * @param sessionKeys the EXT-X-SESSION-KEY tags (§4.3.4.5), in the order listed
 */
public record MasterPlaylist(URI uri, int version, boolean independentSegments, List<Variant> variants,
                             List<Rendition> renditions, List<SegmentKey> sessionKeys) implements Playlist {
    public MasterPlaylist {
        Objects.requireNonNull(uri, "uri");
        variants = List.copyOf(variants);
        renditions = List.copyOf(renditions);
        sessionKeys = List.copyOf(sessionKeys);
    }

    /** @return the renditions of {@code type} in group {@code groupId}, in the order listed; empty for a null group */
    public List<Rendition> group(Rendition.Type type, String groupId) {
        return renditions.stream().filter(r -> r.type() == type && r.groupId().equals(groupId)).toList();
    }
}
