package dev.streamvcr.reservation;

import dev.streamvcr.rtmp.client.RtmpSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code rtmp} field of a reservation: librtmp-style options for the RTMP connection, kept as option text
 * ({@code conn=S:abc live=1}). The API writes them as a JSON object ({@code {"conn": ["S:abc"], "live": "1"}}), the
 * page as text; both become the same text, which is added after the stream's own options when it is recorded, so
 * these win where both name the same option (and {@code conn} items are added after the stream's).
 */
public final class RtmpOptionsField {

    private RtmpOptionsField() {
    }

    /**
     * The JSON object as option text.
     *
     * @throws IllegalArgumentException naming the option whose value has the wrong shape
     */
    public static String fromJson(Map<String, Object> json) {
        if (json == null || json.isEmpty()) {
            return "";
        }
        List<RtmpSource.Option> options = new ArrayList<>();
        for (Map.Entry<String, Object> entry : json.entrySet()) {
            Object value = entry.getValue();
            List<?> values = value instanceof List<?> list ? list : List.of(value == null ? "" : value);
            for (Object item : values) {
                if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
                    throw new IllegalArgumentException("Option " + entry.getKey() + " must be a string, a number, a "
                            + "boolean or a list of them.");
                }
                String text = item instanceof Boolean b ? (b ? "1" : "0") : item.toString();
                // checks the name; the value is checked with the stream it belongs to
                options.add(RtmpSource.option(entry.getKey(), text));
            }
        }
        for (RtmpSource.Option option : options) {
            if (option.value().isEmpty()) {
                throw new IllegalArgumentException("Option " + option.name() + " has no value.");
            }
        }
        return RtmpSource.format(options);
    }

    /** Option text as the JSON object the API shows: one key per option, {@code conn} as a list; secrets hidden. */
    public static Map<String, Object> toJson(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (RtmpSource.Option option : RtmpSource.parseOptions(text)) {
            String value = RtmpSource.SECRET_OPTIONS.contains(option.name()) ? "(stored)" : option.value();
            if (option.name().equals("conn")) {
                @SuppressWarnings("unchecked")
                List<String> conn = (List<String>) json.computeIfAbsent("conn", k -> new ArrayList<String>());
                conn.add(value);
            } else {
                json.put(option.name(), value);
            }
        }
        return json;
    }
}
