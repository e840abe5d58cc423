package dev.streamvcr.hls;

import java.util.ArrayList;
import java.util.List;

/**
 * What a recording wants of a master playlist; {@link VariantChoice} applies it. {@link #BEST} asks for the best
 * variant; the {@code with…} methods add a limit or a name. Names are matched without regard to case.
 *
 * @param maxHeight    the most lines of picture (720 for "720p"), or 0 for no limit; a variant without RESOLUTION
 *                     does not meet a limit
 * @param maxBandwidth the most BANDWIDTH (peak bits per second), or 0 for no limit
 * @param variantName  a variant by name, or null: the NAME or GROUP-ID of its VIDEO renditions, a NAME attribute on
 *                     its EXT-X-STREAM-INF, or a label of its height such as {@code 720p} or with its frame rate,
 *                     {@code 720p60}
 * @param audioName    an audio rendition by NAME or LANGUAGE, or null for the playlist's default
 */
public record VariantPreference(int maxHeight, long maxBandwidth, String variantName, String audioName) {
    /** The highest bandwidth variant and the default audio. */
    public static final VariantPreference BEST = new VariantPreference(0, 0, null, null);

    public VariantPreference {
        if (maxHeight < 0 || maxBandwidth < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or positive");
        }
        variantName = blankToNull(variantName);
        audioName = blankToNull(audioName);
    }

    private static String blankToNull(String name) {
        return name == null || name.isBlank() ? null : name.strip();
    }

    public VariantPreference withMaxHeight(int lines) {
        return new VariantPreference(lines, maxBandwidth, variantName, audioName);
    }

    public VariantPreference withMaxBandwidth(long bitsPerSecond) {
        return new VariantPreference(maxHeight, bitsPerSecond, variantName, audioName);
    }

    public VariantPreference withVariantName(String name) {
        return new VariantPreference(maxHeight, maxBandwidth, name, audioName);
    }

    public VariantPreference withAudioName(String name) {
        return new VariantPreference(maxHeight, maxBandwidth, variantName, name);
    }

    /** @return whether there is a height or bandwidth limit */
    boolean limited() {
        return maxHeight > 0 || maxBandwidth > 0;
    }

    /** @return whether {@code variant} meets the height and bandwidth limits */
    boolean admits(Variant variant) {
        return (maxHeight == 0 || variant.hasResolution() && variant.height() <= maxHeight)
                && (maxBandwidth == 0 || variant.bandwidth() <= maxBandwidth);
    }

    /** @return the limits alone in words, such as {@code at most 720p and 3000 kbit/s} */
    String describeLimits() {
        List<String> limits = new ArrayList<>();
        if (maxHeight > 0) {
            limits.add(maxHeight + "p");
        }
        if (maxBandwidth > 0) {
            limits.add(maxBandwidth / 1000 + " kbit/s");
        }
        return "at most " + String.join(" and ", limits);
    }

    /** @return the preference in words for the user, such as {@code best quality, at most 720p, audio "English"} */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(variantName == null ? "best quality" : "variant \"" + variantName + "\"");
        if (limited()) {
            parts.add(describeLimits());
        }
        if (audioName != null) {
            parts.add("audio \"" + audioName + "\"");
        }
        return String.join(", ", parts);
    }
}
