package dev.streamvcr.site;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads player configurations out of script text and JSON blobs: stream URLs anywhere in the text, and objects that
 * keep the server and the stream name apart ({@code {"server": "rtmp://h/app", "stream": "ch1"}},
 * {@code {streamer: …, file: …}}). JavaScript object literals are read leniently (unquoted names, single quotes,
 * comments); an object that still does not parse is read key by key.
 */
final class PlayerConfigs {

    static final Set<String> SERVER_KEYS = Set.of("server", "streamer", "netconnectionurl", "rtmp", "rtmpserver",
            "rtmpurl", "serverurl", "fmsurl", "cdnurl", "connectionurl");
    static final Set<String> STREAM_KEYS = Set.of("stream", "file", "streamname", "playpath", "channel", "streamid",
            "channelid", "name");
    private static final int MAX_OBJECTS = 200;
    private static final int MAX_OBJECT_CHARS = 1_000_000;
    private static final Pattern STREAM_URL = Pattern.compile(
            "(?i)\\brtmps?://[^\\s\"'<>\\\\`)]+|\\bhttps?://[^\\s\"'<>\\\\`)]+?\\.m3u8(?:\\?[^\\s\"'<>\\\\`)]*)?");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "[\"']?([A-Za-z_$][\\w$]*)[\"']?\\s*[:=]\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private PlayerConfigs() {
    }

    /** Reports {@code (source, origin detail)} for every stream URL written out in {@code text}. */
    static void streamUrls(String text, BiConsumer<String, String> found) {
        Matcher m = STREAM_URL.matcher(unescape(text));
        while (m.find()) {
            String url = trimTail(m.group());
            found.accept(url, url.toLowerCase(Locale.ROOT).startsWith("rtmp") ? "rtmp:// URL" : ".m3u8 URL");
        }
    }

    /**
     * Reports {@code (source, origin detail)} for each server/stream pair and each stream URL under a named key in
     * the objects of {@code text}.
     */
    static void configs(String text, BiConsumer<String, String> found) {
        int objects = 0;
        for (int start = text.indexOf('{'); start >= 0 && objects < MAX_OBJECTS; objects++) {
            int end = matchingBrace(text, start);
            if (end < 0) {
                break;
            }
            String object = text.substring(start, end + 1);
            JsonNode node = parse(object);
            if (node != null) {
                walk(node, found, 0);
            } else {
                keyByKey(object, found);
            }
            start = text.indexOf('{', end + 1);
        }
    }

    /** Walks a parsed JSON value, e.g. a JSON-LD document or a script's JSON blob. */
    static void walk(JsonNode node, BiConsumer<String, String> found, int depth) {
        if (depth > 32) {
            return;
        }
        if (node.isObject()) {
            Map<String, String> strings = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isTextual() || value.isNumber()) {
                    strings.put(field.getKey(), value.asText());
                } else {
                    walk(value, found, depth + 1);
                }
            }
            pairs(strings, found);
        } else if (node.isArray()) {
            node.forEach(element -> walk(element, found, depth + 1));
        }
    }

    static JsonNode parse(String json) {
        if (json.length() > MAX_OBJECT_CHARS) {
            return null;
        }
        try {
            return LENIENT.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private static void keyByKey(String object, BiConsumer<String, String> found) {
        Map<String, String> strings = new LinkedHashMap<>();
        Matcher m = KEY_VALUE.matcher(object);
        while (m.find()) {
            strings.putIfAbsent(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        pairs(strings, found);
    }

    /** One object's string values: a server joined with a stream name, and stream URLs under their key. */
    private static void pairs(Map<String, String> strings, BiConsumer<String, String> found) {
        List<String> servers = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        strings.forEach((key, raw) -> {
            String value = unescape(raw).strip();
            String k = key.toLowerCase(Locale.ROOT);
            if (SERVER_KEYS.contains(k) && value.toLowerCase(Locale.ROOT).startsWith("rtmp")) {
                servers.add(key);
            } else if (STREAM_KEYS.contains(k) && !value.isEmpty()) {
                streams.add(key);
            }
            Matcher url = STREAM_URL.matcher(value);
            if (url.matches()) {
                found.accept(value, "stream URL under '" + key + "'");
            }
        });
        for (String server : servers) {
            for (String stream : streams) {
                String joined = RtmpJoin.join(unescape(strings.get(server)), unescape(strings.get(stream)));
                if (joined != null) {
                    found.accept(joined, "'" + server + "' + '" + stream + "' keys");
                }
            }
        }
    }

    /** The index of the brace closing the one at {@code open}, skipping quoted strings; -1 when unbalanced. */
    static int matchingBrace(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length() && i - open <= MAX_OBJECT_CHARS; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** JSON and JavaScript escape slashes and ampersands in URLs ({@code \/}, {@code \u0026}). */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        return text.replace("\\/", "/").replace("\\u002F", "/").replace("\\u002f", "/")
                .replace("\\u0026", "&").replace("\\x26", "&");
    }

    private static String trimTail(String url) {
        String u = url;
        while (!u.isEmpty() && ",.;]}".indexOf(u.charAt(u.length() - 1)) >= 0) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
