package dev.streamvcr.reservation;

import dev.streamvcr.hls.VariantPreference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code hls} field of a reservation: which variant of an HLS stream to record and whether ad breaks stay in.
 * Kept as option text, one {@code name=value} per line ({@code maxHeight=720}); the API writes a JSON object
 * ({@code {"maxHeight": 720, "keepAds": true}}), the booking form's Advanced section the text. Without options the
 * variant with the highest bandwidth is recorded and ads are left out.
 *
 * @param maxHeight    the tallest picture wanted (lines), or 0 for no limit
 * @param maxBandwidth the highest peak bandwidth wanted (bits per second), or 0 for no limit
 * @param variant      a variant's name (a rendition NAME or a label such as {@code 720p}), or null
 * @param audio        an audio rendition's name, or null
 * @param keepAds      whether ad breaks marked in the playlist are recorded
 */
public record HlsOptions(int maxHeight, long maxBandwidth, String variant, String audio, boolean keepAds) {

    public static final HlsOptions NONE = new HlsOptions(0, 0, null, null, false);
    /** The options and what each does, for the booking form and the API description. */
    public static final Map<String, String> HELP = Map.of(
            "maxHeight", "the tallest picture to record, in lines (e.g. 720); the best variant within it is taken",
            "maxBandwidth", "the highest peak bandwidth to record, in bits per second (e.g. 3000000, or 3M, 3000k)",
            "variant", "the variant to record by its name in the playlist or a label such as 720p",
            "audio", "the audio rendition to record by its name (e.g. English)",
            "keepAds", "1 to record ad breaks marked in the playlist too (they are left out by default)");
    private static final int MAX_NAME = 100;

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The variant these options prefer. */
    public VariantPreference preference() {
        VariantPreference preference = VariantPreference.BEST;
        if (maxHeight > 0) {
            preference = preference.withMaxHeight(maxHeight);
        }
        if (maxBandwidth > 0) {
            preference = preference.withMaxBandwidth(maxBandwidth);
        }
        if (variant != null) {
            preference = preference.withVariantName(variant);
        }
        if (audio != null) {
            preference = preference.withAudioName(audio);
        }
        return preference;
    }

    /**
     * Reads option text: {@code name=value} per line (blank lines ignored).
     *
     * @throws IllegalArgumentException naming the option that is unknown or has a bad value
     */
    public static HlsOptions parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                String option = line.strip();
                if (option.isEmpty()) {
                    continue;
                }
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + option + "' is not an option: write name=value, e.g. "
                            + "maxHeight=720.");
                }
                values.put(option.substring(0, eq).strip(), option.substring(eq + 1).strip());
            }
        }
        return of(values);
    }

    /**
     * Reads the API's JSON object.
     *
     * @throws IllegalArgumentException naming the option that is unknown or has a bad value
     */
    public static HlsOptions fromJson(Map<String, Object> json) {
        Map<String, String> values = new LinkedHashMap<>();
        if (json != null) {
            json.forEach((name, value) -> {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    throw new IllegalArgumentException("Option " + name + " must be a string, a number or a boolean.");
                }
                values.put(name, value instanceof Boolean b ? (b ? "1" : "0") : value.toString());
            });
        }
        return of(values);
    }

    private static HlsOptions of(Map<String, String> values) {
        int maxHeight = 0;
        long maxBandwidth = 0;
        String variant = null;
        String audio = null;
        boolean keepAds = false;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String value = entry.getValue();
            switch (entry.getKey()) {
                case "maxHeight" -> maxHeight = (int) number("maxHeight", value, 1, 100_000);
                case "maxBandwidth" -> maxBandwidth = number("maxBandwidth", bits(value), 1, 1_000_000_000_000L);
                case "variant" -> variant = name("variant", value);
                case "audio" -> audio = name("audio", value);
                case "keepAds" -> keepAds = flag(value);
                default -> throw new IllegalArgumentException("Unknown HLS option '" + entry.getKey() + "'; the options "
                        + "are " + String.join(", ", List.of("maxHeight", "maxBandwidth", "variant", "audio", "keepAds"))
                        + ".");
            }
        }
        return new HlsOptions(maxHeight, maxBandwidth, variant, audio, keepAds);
    }

    /** The options as text, one per line, in a fixed order; empty when there are none. */
    public String format() {
        List<String> lines = new ArrayList<>();
        toJson().forEach((name, value) -> lines.add(name + "=" + (value instanceof Boolean b ? (b ? "1" : "0") : value)));
        return String.join("\n", lines);
    }

    /** The options as the API shows them, or null when there are none. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (maxHeight > 0) {
            json.put("maxHeight", maxHeight);
        }
        if (maxBandwidth > 0) {
            json.put("maxBandwidth", maxBandwidth);
        }
        if (variant != null) {
            json.put("variant", variant);
        }
        if (audio != null) {
            json.put("audio", audio);
        }
        if (keepAds) {
            json.put("keepAds", true);
        }
        return json;
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("Option " + name + " must be a whole number from " + min + " to " + max
                + ", not '" + value + "'.");
    }

    /** {@code 3M} and {@code 3000k} as bits per second; a plain number as it is. */
    private static String bits(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith("m")) {
                return String.valueOf(Math.round(Double.parseDouble(lower.substring(0, lower.length() - 1)) * 1e6));
            }
            if (lower.endsWith("k")) {
                return String.valueOf(Math.round(Double.parseDouble(lower.substring(0, lower.length() - 1)) * 1e3));
            }
        } catch (NumberFormatException e) {
            return value;
        }
        return value;
    }

    private static String name(String option, String value) {
        if (value.isEmpty() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Option " + option + " must be a name of 1 to " + MAX_NAME
                    + " characters.");
        }
        return value;
    }

    private static boolean flag(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("Option keepAds is 1 (record ad breaks) or 0 (leave them "
                    + "out), not '" + value + "'.");
        };
    }
}
