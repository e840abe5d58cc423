package dev.streamvcr.site;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What one HTML page says about its stream, in the places players and publishers put it. Explicit stream
 * addresses (a {@code <video>} source, {@code og:video}, JSON-LD) rank above addresses assembled from a player's
 * settings, which rank above URLs merely seen in script text. No network: {@link GenericDiscovery} fetches.
 */
final class PageScan {

    static final int VIDEO_ELEMENT = 100;
    static final int OG_VIDEO = 95;
    static final int JSON_LD_CONTENT = 95;
    static final int JSON_LD_EMBED = 85;
    static final int FLASHVARS = 80;
    static final int PLAYER_CONFIG = 75;
    static final int SCRIPT_URL = 50;

    private final Map<String, SourceCandidate> found = new LinkedHashMap<>();

    private PageScan() {
    }

    /** The page's candidates, best first, each source once (with its best origin). */
    static List<SourceCandidate> scan(Document page) {
        PageScan scan = new PageScan();
        scan.videoElements(page);
        scan.openGraph(page);
        scan.jsonLd(page);
        scan.flashPlayers(page);
        scan.scripts(page);
        return ranked(scan.found.values());
    }

    /** Best first; the order of discovery breaks ties. */
    static List<SourceCandidate> ranked(java.util.Collection<SourceCandidate> candidates) {
        List<SourceCandidate> list = new ArrayList<>(candidates);
        list.sort((a, b) -> Integer.compare(b.score(), a.score()));
        return List.copyOf(list);
    }

    private void videoElements(Document page) {
        for (Element video : page.select("video[src]")) {
            add(video.absUrl("src"), "<video src> element", VIDEO_ELEMENT);
        }
        for (Element source : page.select("video source[src], audio source[src]")) {
            add(source.absUrl("src"), "<source> in a <video> element", VIDEO_ELEMENT);
        }
    }

    private void openGraph(Document page) {
        for (String property : new String[] {"og:video:secure_url", "og:video:url", "og:video"}) {
            for (Element meta : page.select("meta[property=" + property + "], meta[name=" + property + "]")) {
                add(absolute(page, meta.attr("content")), property + " meta tag", OG_VIDEO);
            }
        }
    }

    private void jsonLd(Document page) {
        for (Element script : page.select("script[type=application/ld+json]")) {
            JsonNode root = PlayerConfigs.parse(script.data());
            if (root != null) {
                videoObjects(page, root, 0);
            }
        }
    }

    private void videoObjects(Document page, JsonNode node, int depth) {
        if (depth > 16) {
            return;
        }
        if (node.isObject() && isVideoObject(node.get("@type"))) {
            add(absolute(page, node.path("contentUrl").asText("")), "JSON-LD VideoObject contentUrl", JSON_LD_CONTENT);
            add(absolute(page, node.path("embedUrl").asText("")), "JSON-LD VideoObject embedUrl", JSON_LD_EMBED);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> videoObjects(page, child, depth + 1));
        }
    }

    private static boolean isVideoObject(JsonNode type) {
        if (type == null) {
            return false;
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().endsWith("VideoObject")) {
                    return true;
                }
            }
            return false;
        }
        return type.asText().endsWith("VideoObject");
    }

    /** {@code <object>}/{@code <embed>} players: flashvars, {@code <param>}s and the movie URL's query. */
    private void flashPlayers(Document page) {
        for (Element player : page.select("object, embed")) {
            if (player.tagName().equals("embed") && player.parent() != null && player.parent().tagName().equals("object")) {
                continue; // read together with its object
            }
            Map<String, String> vars = new LinkedHashMap<>();
            List<Element> parts = new ArrayList<>(List.of(player));
            parts.addAll(player.select("embed"));
            for (Element part : parts) {
                formVars(part.attr("flashvars"), vars);
                for (String movie : new String[] {part.attr("src"), part.attr("data")}) {
                    int query = movie.indexOf('?');
                    if (query >= 0) {
                        formVars(movie.substring(query + 1), vars);
                    }
                }
            }
            for (Element param : player.select("param[name]")) {
                String name = param.attr("name").toLowerCase(Locale.ROOT);
                if (name.equals("flashvars")) {
                    formVars(param.attr("value"), vars);
                } else if (name.equals("movie") && param.attr("value").contains("?")) {
                    formVars(param.attr("value").substring(param.attr("value").indexOf('?') + 1), vars);
                } else {
                    vars.putIfAbsent(param.attr("name"), param.attr("value"));
                }
            }
            String streamer = value(vars, PlayerConfigs.SERVER_KEYS);
            String file = value(vars, PlayerConfigs.STREAM_KEYS);
            add(RtmpJoin.join(streamer, file), "Flash player settings (streamer + file)", FLASHVARS);
            vars.forEach((key, value) -> add(absolute(page, value), "Flash player setting '" + key + "'", FLASHVARS - 5));
        }
    }

    private static String value(Map<String, String> vars, java.util.Set<String> keys) {
        for (Map.Entry<String, String> e : vars.entrySet()) {
            if (keys.contains(e.getKey().toLowerCase(Locale.ROOT)) && !e.getValue().isBlank()) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void formVars(String encoded, Map<String, String> vars) {
        if (encoded == null || encoded.isBlank()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    vars.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException ignored) {
                    // a malformed escape: that pair says nothing usable
                }
            }
        }
    }

    /** Inline scripts, JSON blobs and JSON in {@code data-*} attributes. */
    private void scripts(Document page) {
        for (Element script : page.select("script:not([src])")) {
            String text = script.data();
            String kind = script.attr("type").toLowerCase(Locale.ROOT).contains("json") ? "JSON blob" : "inline script";
            PlayerConfigs.configs(text, (source, how) -> add(source, "player config in " + kind + " (" + how + ")",
                    PLAYER_CONFIG));
            PlayerConfigs.streamUrls(text, (source, how) -> add(source, how + " in " + kind, SCRIPT_URL));
        }
        for (Element element : page.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                String value = attribute.getValue();
                if (attribute.getKey().startsWith("data-") && value.indexOf('{') >= 0) {
                    String where = "<" + element.tagName() + " " + attribute.getKey() + ">";
                    PlayerConfigs.configs(value, (source, how) -> add(source, "player config in " + where + " ("
                            + how + ")", PLAYER_CONFIG));
                    PlayerConfigs.streamUrls(value, (source, how) -> add(source, how + " in " + where, SCRIPT_URL));
                }
            }
        }
    }

    private static String absolute(Document page, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String u = url.strip();
        if (u.regionMatches(true, 0, "rtmp", 0, 4)) {
            return u;
        }
        try {
            return URI.create(page.location()).resolve(u).toString();
        } catch (IllegalArgumentException e) {
            return u;
        }
    }

    /** Keeps {@code source} if it is a stream address the recorder understands, under its best origin. */
    private void add(String source, String origin, int score) {
        if (source == null || source.isBlank()) {
            return;
        }
        StreamAddress address;
        try {
            address = StreamAddress.parse(source);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!address.isStream()) {
            return;
        }
        SourceCandidate earlier = found.get(address.line());
        if (earlier == null || earlier.score() < score) {
            found.put(address.line(), new SourceCandidate(address.line(), origin, score));
        }
    }
}
