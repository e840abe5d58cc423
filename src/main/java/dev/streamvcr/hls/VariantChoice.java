package dev.streamvcr.hls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The variant of a master playlist to record and, when its audio is in a separate rendition, that rendition.
 *
 * <p>The rules of {@link #choose}:
 * <ol>
 * <li>Only variants with an {@code http} or {@code https} URI can be recorded; with none, the choice fails.</li>
 * <li>A {@link VariantPreference#variantName() name} narrows the candidates to the variants it names; when it names
 *     none, it is set aside and said so in {@link #compromise()}.</li>
 * <li>Unless named, audio-only variants (RFC 8216 §8.4's {@code CODECS="mp4a.40.5"}) are chosen only when there is
 *     no other.</li>
 * <li>Of the candidates within the height and bandwidth limits, the highest BANDWIDTH wins; on a tie the larger
 *     picture, then the first listed.</li>
 * <li>When the limits exclude every candidate, the lowest BANDWIDTH candidate is chosen, the one closest to the
 *     limits, rather than recording nothing; {@link #compromise()} says so. A recording of a stream that only exists
 *     in 1080p is more use to someone who asked for 720p than no recording.</li>
 * <li>Audio: when the variant's AUDIO group (§4.3.4.1.1) has renditions, the one named by the preference, else
 *     DEFAULT=YES, else AUTOSELECT=YES, else the first; if that one has no URI its audio is in the variant itself
 *     and no rendition is returned.</li>
 * </ol>
 *
 * @param variant    the variant to record
 * @param audio      the audio rendition to record alongside, or null when the variant carries its own sound
 * @param compromise what of the preference could not be met, for the user, or null when all was
 */
public record VariantChoice(Variant variant, Rendition audio, String compromise) {
    static final String NOTHING_TO_RECORD = "the master playlist lists no variant that can be recorded";

    private static final Comparator<Variant> BETTER = Comparator.comparingLong(Variant::bandwidth)
            .thenComparingLong(variant -> (long) variant.width() * variant.height());

    public VariantChoice {
        Objects.requireNonNull(variant, "variant");
    }

    /**
     * @throws PlaylistException when no variant has an http or https URI
     */
    public static VariantChoice choose(MasterPlaylist master, VariantPreference preference) {
        List<Variant> usable = master.variants().stream().filter(VariantChoice::recordable).toList();
        if (usable.isEmpty()) {
            throw new PlaylistException(NOTHING_TO_RECORD);
        }
        List<Variant> candidates = usable.stream().filter(variant -> !variant.isAudioOnly()).toList();
        if (candidates.isEmpty()) {
            candidates = usable;
        }
        List<String> compromises = new ArrayList<>();
        if (preference.variantName() != null) {
            List<Variant> named = usable.stream().filter(named(master, preference.variantName())).toList();
            if (named.isEmpty()) {
                compromises.add("no variant is named \"" + preference.variantName() + "\"");
            } else {
                candidates = named;
            }
        }
        List<Variant> within = candidates.stream().filter(preference::admits).toList();
        Variant chosen;
        if (within.isEmpty()) {
            chosen = firstOf(candidates, BETTER.reversed());
            compromises.add("no variant is " + preference.describeLimits() + "; recording the smallest, "
                    + chosen.describe());
        } else {
            chosen = firstOf(within, BETTER);
        }
        Rendition audio = chosen.isAudioOnly() ? null : audio(master, chosen, preference.audioName(), compromises);
        return new VariantChoice(chosen, audio, compromises.isEmpty() ? null : String.join("; ", compromises));
    }

    /** @return the greatest by {@code order}, the first listed of equals */
    private static Variant firstOf(List<Variant> variants, Comparator<Variant> order) {
        Variant best = variants.get(0);
        for (Variant variant : variants) {
            if (order.compare(variant, best) > 0) {
                best = variant;
            }
        }
        return best;
    }

    private static boolean recordable(Variant variant) {
        String scheme = variant.uri().getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    private static Predicate<Variant> named(MasterPlaylist master, String name) {
        return variant -> name.equalsIgnoreCase(variant.name()) || name.equalsIgnoreCase(variant.videoGroup())
                || master.group(Rendition.Type.VIDEO, variant.videoGroup()).stream()
                        .anyMatch(rendition -> name.equalsIgnoreCase(rendition.name()))
                || variant.hasResolution() && (name.equalsIgnoreCase(variant.height() + "p")
                        || name.equalsIgnoreCase(variant.height() + "p" + Math.round(variant.frameRate())));
    }

    private static Rendition audio(MasterPlaylist master, Variant variant, String name, List<String> compromises) {
        List<Rendition> group = master.group(Rendition.Type.AUDIO, variant.audioGroup());
        if (group.isEmpty()) {
            if (name != null) {
                compromises.add("the variant has no audio renditions to choose \"" + name + "\" from");
            }
            return null;
        }
        Rendition chosen = null;
        if (name != null) {
            chosen = group.stream().filter(rendition -> name.equalsIgnoreCase(rendition.name())
                    || name.toLowerCase(Locale.ROOT).equals(lower(rendition.language()))).findFirst().orElse(null);
            if (chosen == null) {
                compromises.add("no audio is named \"" + name + "\"");
            }
        }
        if (chosen == null) {
            chosen = group.stream().filter(Rendition::isDefault).findFirst()
                    .or(() -> group.stream().filter(Rendition::autoselect).findFirst())
                    .orElse(group.get(0));
        }
        return chosen.uri() == null ? null : chosen;
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /** @return the choice in words for logs, such as {@code 1280x720 2560 kbit/s with audio "English"} */
    public String describe() {
        return variant.describe() + (audio == null ? "" : " with audio \"" + audio.name() + "\"");
    }
}
