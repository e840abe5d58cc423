package dev.streamvcr.hls;

import java.net.URI;
import java.util.Objects;

/**
 * An alternative rendition (RFC 8216 §4.3.4.1 EXT-X-MEDIA): another audio track, camera angle or subtitle set, one of
 * a group that variants refer to by GROUP-ID.
 *
 * @param type         TYPE
 * @param groupId      GROUP-ID
 * @param name         NAME
 * @param language     LANGUAGE (RFC 5646 tag), or null
 * @param isDefault    DEFAULT=YES
 * @param autoselect   AUTOSELECT=YES
 * @param uri          its media playlist, resolved; null when its media are in the variant's own stream
 *                     (§4.3.4.1.1)
 */
public record Rendition(Type type, String groupId, String name, String language, boolean isDefault,
                        boolean autoselect, URI uri) {
    /** The TYPE attribute's values. */
    public enum Type {
        AUDIO, VIDEO, SUBTITLES, CLOSED_CAPTIONS;

        /** @return the type for a TYPE attribute value, or null for one this library does not know */
        static Type of(String attributeValue) {
            return switch (attributeValue) {
                case "AUDIO" -> AUDIO;
                case "VIDEO" -> VIDEO;
                case "SUBTITLES" -> SUBTITLES;
                case "CLOSED-CAPTIONS" -> CLOSED_CAPTIONS;
                default -> null;
            };
        }
    }

    public Rendition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(name, "name");
    }
}
