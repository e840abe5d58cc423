package dev.streamvcr.preview.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Building ffmpeg filter graph strings from values that may hold any character (paths, expressions).
 *
 * <p>A value is parsed twice (ffmpeg-filters(1), "Notes on filtergraph escaping"): first the graph
 * parser splits filters at {@code [ ] , ;}, then the filter's option parser splits options at
 * {@code :}; each level honours {@code \} escapes and {@code '} quotes. So a value is escaped for
 * the option level, then the result for the graph level.
 */
final class FilterGraph {

    private FilterGraph() {
    }

    /** {@code raw} escaped to stand as one option value inside a filter graph. */
    static String value(String raw) {
        return escape(escape(raw, "\\':"), "\\'[],;");
    }

    private static String escape(String raw, String special) {
        StringBuilder escaped = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (special.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /**
     * A drawtext filter showing the content of {@code textFile} verbatim ({@code expansion=none}, so
     * {@code %} in user text is not a template) in the font {@code font}, plus {@code options}
     * ({@code key=value} strings whose values are already escaped with {@link #value}).
     */
    static String drawtext(Path font, Path textFile, List<String> options) {
        List<String> all = new ArrayList<>();
        all.add("fontfile=" + value(font.toString()));
        all.add("textfile=" + value(textFile.toString()));
        all.add("expansion=none");
        all.addAll(options);
        return "drawtext=" + String.join(":", all);
    }

    /** Filters applied one after the other. */
    static String chain(List<String> filters) {
        return String.join(",", filters);
    }
}
