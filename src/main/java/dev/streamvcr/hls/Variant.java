package dev.streamvcr.hls;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One variant stream of a {@link MasterPlaylist} (RFC 8216 §4.3.4.2 EXT-X-STREAM-INF and the URI line after it).
 * Absent numeric attributes are 0; absent strings are null.
 *
 * @param uri              the variant's media playlist, resolved against the master playlist's URI
 * @param bandwidth        BANDWIDTH: peak bits per second
 * @param averageBandwidth AVERAGE-BANDWIDTH, or 0
 * @param width            RESOLUTION width, or 0
 * @param height           RESOLUTION height, or 0
 * @param codecs           CODECS, split at commas and trimmed; empty when absent
 * @param frameRate        FRAME-RATE, or 0
 * @param audioGroup       AUDIO: the GROUP-ID of its audio renditions, or null
 * @param videoGroup       VIDEO: the GROUP-ID of its video renditions, or null
 * @param name             a NAME attribute, which some services add for a label, or null
 */
public record Variant(URI uri, long bandwidth, long averageBandwidth, int width, int height, List<String> codecs,
                      double frameRate, String audioGroup, String videoGroup, String name) {
    /** RFC 6381 sample entries of audio formats HLS carries; anything else in CODECS is taken as video. */
    private static final List<String> AUDIO_CODECS = List.of("mp4a", "ac-3", "ec-3", "ac-4", "opus", "flac", "alac",
            "mp3");

    public Variant {
        Objects.requireNonNull(uri, "uri");
        codecs = List.copyOf(codecs);
    }

    /** @return whether RESOLUTION is given */
    public boolean hasResolution() {
        return width > 0 && height > 0;
    }

    /**
     * @return whether the variant is sound only: CODECS lists only audio formats (§4.3.4.2: CODECS lists "every media
     *         format present in any Media Segment in any of the Renditions" of the variant, so one without video
     *         formats has none, whatever its VIDEO group or RESOLUTION); without CODECS nothing is known and video is
     *         assumed
     */
    public boolean isAudioOnly() {
        return !codecs.isEmpty() && codecs.stream().allMatch(Variant::isAudioCodec);
    }

    private static boolean isAudioCodec(String codec) {
        String format = codec.contains(".") ? codec.substring(0, codec.indexOf('.')) : codec;
        return AUDIO_CODECS.contains(format.toLowerCase(Locale.ROOT));
    }

    /** @return a label such as {@code 1280x720 2560 kbit/s}, for messages and logs */
    public String describe() {
        String size = hasResolution() ? width + "x" + height + " " : isAudioOnly() ? "audio only " : "";
        return size + (bandwidth / 1000) + " kbit/s";
    }
}
