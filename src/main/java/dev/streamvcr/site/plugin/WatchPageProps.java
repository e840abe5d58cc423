package dev.streamvcr.site.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a broadcast page embeds for its player, the way Niconico Live's watch page does: a JSON document in the
 * {@code data-props} attribute of {@code <script id="embedded-data">} (or, on some pages, as that script's text) with
 * the program ({@code program.nicoliveProgramId}, {@code program.status}, {@code program.isMemberOnly}), the viewer
 * ({@code user.isLoggedIn}) and the watch session's WebSocket ({@code site.relive.webSocketUrl}, empty when the viewer
 * may not watch).
 *
 * @param status        {@code ON_AIR}, {@code BEFORE_RELEASE}, {@code RELEASED} (open, not started) or
 *                      {@code ENDED}, upper case
 * @param webSocketUrl  empty when the page offers no watch session
 * @param beginTime     when the broadcast starts (epoch seconds), or 0 when unknown
 */
record WatchPageProps(String programId, String title, String status, boolean memberOnly, boolean loggedIn,
        String webSocketUrl, long beginTime) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PROPS_CHARS = 2_000_000;

    /** The page's props, or null when it embeds none (not a page of this kind). */
    static WatchPageProps read(Document page) {
        Element holder = page.selectFirst("script#embedded-data[data-props], [data-props]");
        String json = holder != null ? holder.attr("data-props") : null;
        if (json == null) {
            Element script = page.selectFirst("script#embedded-data");
            json = script == null ? null : script.data();
        }
        if (json == null || json.isBlank() || json.length() > MAX_PROPS_CHARS) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
        JsonNode program = root.path("program");
        JsonNode relive = root.path("site").path("relive");
        if (!program.isObject() || !relive.isObject()) {
            return null;
        }
        return new WatchPageProps(program.path("nicoliveProgramId").asText(""), program.path("title").asText(""),
                program.path("status").asText("").toUpperCase(Locale.ROOT), program.path("isMemberOnly").asBoolean(),
                root.path("user").path("isLoggedIn").asBoolean(), relive.path("webSocketUrl").asText(""),
                program.path("beginTime").asLong(0));
    }

    boolean onAir() {
        return status.equals("ON_AIR");
    }

    boolean notStarted() {
        return status.equals("BEFORE_RELEASE") || status.equals("RELEASED");
    }

    boolean ended() {
        return status.equals("ENDED");
    }
}
