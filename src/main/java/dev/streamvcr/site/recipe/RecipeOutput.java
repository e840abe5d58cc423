package dev.streamvcr.site.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The output line of a recipe: a source URL followed by librtmp-style {@code key=value} options, separated by
 * spaces. The template is split into words before values are filled in, so a value with spaces stays in its word
 * (escaped there as librtmp wants).
 */
final class RecipeOutput {

    /** The option names librtmp understands (rtmpdump(1), "librtmp options"). */
    static final Set<String> OPTIONS = Set.of("app", "tcUrl", "pageUrl", "swfUrl", "flashVer", "conn", "playpath",
            "playlist", "live", "subscribe", "start", "stop", "buffer", "timeout", "token", "jtv", "swfVfy", "swfAge",
            "auth", "socks");

    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private RecipeOutput() {
    }

    /** The words of the output template: the URL template first, then each option's template. */
    static List<Template> parse(String output) throws Invalid {
        if (output == null || output.isBlank()) {
            throw new Invalid("say what to record, e.g. rtmp://{server}/{app}/{stream} conn=S:{ticket}");
        }
        String[] words = output.strip().split("\\s+");
        List<Template> templates = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (i == 0) {
                String lower = word.toLowerCase(Locale.ROOT);
                if (!(lower.startsWith("rtmp://") || lower.startsWith("rtmps://") || lower.startsWith("http://")
                        || lower.startsWith("https://") || lower.startsWith("{"))) {
                    throw new Invalid("it must start with rtmp://, rtmps:// or an http(s) HLS address, not '" + word + "'");
                }
            } else {
                int eq = word.indexOf('=');
                if (eq <= 0 || !OPTIONS.contains(word.substring(0, eq))) {
                    throw new Invalid("'" + word + "' is not a librtmp option (key=value with key one of "
                            + String.join(", ", OPTIONS.stream().sorted().toList()) + ")");
                }
            }
            try {
                templates.add(Template.parse(word));
            } catch (Template.Invalid e) {
                throw new Invalid(e.getMessage());
            }
        }
        return templates;
    }

    static String build(String output, Map<String, String> values) throws Invalid {
        List<Template> words = parse(output);
        String url = words.get(0).render(values, Template.Context.URL);
        String lower = url.toLowerCase(Locale.ROOT);
        boolean rtmp = lower.startsWith("rtmp://") || lower.startsWith("rtmps://");
        if (!rtmp && !lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new Invalid("the source '" + url + "' is neither an rtmp(s):// nor an http(s):// address");
        }
        if (!rtmp && words.size() > 1) {
            throw new Invalid("librtmp options only apply to rtmp:// sources, not to " + url);
        }
        StringBuilder source = new StringBuilder(url);
        for (Template option : words.subList(1, words.size())) {
            source.append(' ').append(option.render(values, Template.Context.RTMP_OPTION));
        }
        return source.toString();
    }
}
