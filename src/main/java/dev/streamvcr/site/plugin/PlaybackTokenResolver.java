package dev.streamvcr.site.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundClients;
import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundRequest;
import dev.streamvcr.outbound.OutboundResponse;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteResolver;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.SourceCandidate;
import dev.streamvcr.site.StreamNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Channel pages ({@code /<channel>}) whose player gets its stream the way Twitch's does: the page's player config
 * ({@code <script id="player-config" type="application/json">}) names the web client's ID and two services; the token
 * API ({@code gqlEndpoint}, a GraphQL {@code PlaybackAccessToken} query sent with the {@code Client-ID} header) answers
 * a token and its signature; the playlist service ({@code usherEndpoint} + {@code <channel>.m3u8}) answers the master
 * playlist for that token and signature, which expire within minutes. The master is fetched once here, through the
 * outbound policy, to tell an offline channel or a refused token from a live one; the recorder fetches it again, and
 * a recording that loses it later resolves the page again for a fresh signature.
 *
 * <p>Which hosts serve such pages is configured ({@code streamvcr.sites.playback-token.hosts}, comma-separated; env
 * {@code STREAMVCR_SITES_PLAYBACK_TOKEN_HOSTS}); with none configured the plugin stays out of the way. A page of such a
 * host without the player config is left to the other resolvers.
 */
@ApplicationScoped
public class PlaybackTokenResolver implements SiteResolver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHANNEL_PATH = Pattern.compile("/([A-Za-z0-9_]{2,25})/?");
    private static final Duration TOKEN_DEADLINE = Duration.ofSeconds(20);
    private static final int MAX_TOKEN_BYTES = 256 * 1024;

    private final PluginPages pages;
    private final OutboundHttpClient client;

    /** The token API is part of reading the page, so it goes through the pages' client and their allow-list. */
    @Inject
    PlaybackTokenResolver(StreamVcrConfig config, OutboundClients clients) {
        this(config.sites().playbackToken().hosts().orElse(List.of()), clients.pages());
    }

    /** A resolver for {@code hosts} whose token requests go through {@code client}. */
    public PlaybackTokenResolver(List<String> hosts, OutboundHttpClient client) {
        this.pages = PluginPages.of(hosts, CHANNEL_PATH);
        this.client = client;
    }

    @Override
    public String name() {
        return "playback-token";
    }

    @Override
    public boolean supports(URI page) {
        return pages.supports(page);
    }

    /**
     * The channel's signed master playlist; empty when the page has no player config. Blocking: call from a worker.
     *
     * @throws StreamNotFoundException when the channel is offline or unknown
     * @throws SiteException           with the reason a person reads: the token API's error, a refused token, a
     *                                 playlist address the outbound policy refuses (the policy's reason)
     */
    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        Matcher path = pages.match(page, "channel");
        String channel = path.group(1).toLowerCase(Locale.ROOT);
        FetchedPage html = PluginPages.fetch(session, page, "channel");
        JsonNode config = playerConfig(Jsoup.parse(html.text(), html.uri().toString()));
        if (config == null) {
            return List.of();
        }
        URI tokenApi = resolve(page, config.path("gqlEndpoint").asText(""), "token API");
        URI usher = resolve(page, config.path("usherEndpoint").asText(""), "playlist service");
        JsonNode token = token(tokenApi, config.path("clientId").asText(""), channel, session);
        String value = token.path("value").asText("");
        URI master = usher.resolve(URLEncoder.encode(channel, StandardCharsets.UTF_8) + ".m3u8?"
                + "allow_source=true&playlist_include_framerate=true&player_backend=mediaplayer"
                + "&sig=" + URLEncoder.encode(token.path("signature").asText(""), StandardCharsets.UTF_8)
                + "&token=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                + "&p=" + UUID.randomUUID().toString().substring(0, 8));
        checkMaster(master, channel, session);
        long expires = expiry(value);
        return List.of(new SourceCandidate(master.toString(), "playback token of " + channel + " (signed master "
                + "playlist" + (expires > 0 ? ", valid until " + Instant.ofEpochSecond(expires) : "") + ")", 100));
    }

    /** The player config: the JSON with a {@code clientId}, by its ID or in any JSON script; null without one. */
    static JsonNode playerConfig(Document page) {
        for (Element script : page.select("script#player-config, script[type=application/json]")) {
            try {
                JsonNode config = JSON.readTree(script.data());
                if (config != null && config.path("clientId").isTextual()) {
                    return config;
                }
            } catch (Exception e) {
                // not the config; the next script may be
            }
        }
        return null;
    }

    private static URI resolve(URI page, String address, String what) throws SiteException {
        try {
            if (!address.isBlank()) {
                return page.resolve(address.strip());
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new SiteException("The channel page's player config names no usable " + what + " address.");
    }

    /** The {@code streamPlaybackAccessToken} ({@code value} and {@code signature}) of {@code channel}. */
    private JsonNode token(URI api, String clientId, String channel, SiteSession session) throws SiteException {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("login", channel);
        variables.put("isLive", true);
        variables.put("isVod", false);
        variables.put("vodID", "");
        variables.put("playerType", "site");
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("operationName", "PlaybackAccessToken", "variables", variables));
        } catch (Exception e) {
            throw new IllegalStateException("a map of strings is JSON", e);
        }
        OutboundRequest request = new OutboundRequest(api, "POST", Map.of("Client-ID", clientId,
                "Content-Type", "application/json", "Accept", "application/json"), body, session.cookies(),
                MAX_TOKEN_BYTES, 0, TOKEN_DEADLINE);
        OutboundResponse answer;
        try {
            answer = client.fetchAndWait(request);
        } catch (OutboundFailure e) {
            throw new SiteException("The token API of " + api.getHost() + " could not be asked: " + e.reason()
                    + (e.kind() == OutboundFailure.Kind.REFUSED ? "" : "."), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(answer.body());
        } catch (Exception e) {
            root = null;
        }
        String error = root == null ? null : apiError(root);
        if (!answer.ok() || root == null || error != null) {
            throw new SiteException("The token API of " + api.getHost() + " answered "
                    + (answer.ok() ? "an error" : "HTTP " + answer.status()) + (error != null ? ": " + error
                    : root == null ? " that is not JSON" : "") + ".");
        }
        JsonNode token = root.path("data").path("streamPlaybackAccessToken");
        if (token.isNull() || token.isMissingNode()) {
            throw new StreamNotFoundException("The token API of " + api.getHost() + " knows no channel " + channel
                    + ".");
        }
        if (!token.path("value").isTextual() || !token.path("signature").isTextual()) {
            throw new SiteException("The token API of " + api.getHost() + " answered a token without its signature.");
        }
        return token;
    }

    /** The message of a GraphQL {@code errors} list or of a REST error ({@code message}); null for neither. */
    private static String apiError(JsonNode root) {
        JsonNode errors = root.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            return errors.get(0).path("message").asText("unknown error");
        }
        return root.path("message").isTextual() && root.has("error") ? root.get("message").asText() : null;
    }

    private static void checkMaster(URI master, String channel, SiteSession session) throws SiteException {
        FetchedPage playlist = session.get(master);
        if (playlist.status() == 404) {
            throw new StreamNotFoundException("The channel " + channel + " is offline.");
        }
        if (!playlist.ok()) {
            throw new SiteException("The playlist service refused the channel's token with HTTP " + playlist.status()
                    + (playlist.body().length > 0 && playlist.body().length < 300 ? ": " + playlist.text().strip()
                    : "") + ".");
        }
        if (!playlist.text().startsWith("#EXTM3U")) {
            throw new SiteException("The playlist service answered something that is not an HLS playlist.");
        }
    }

    /** The token's {@code expires} (epoch seconds), or 0 when it does not say. */
    private static long expiry(String value) {
        try {
            return JSON.readTree(value).path("expires").asLong(0);
        } catch (Exception e) {
            return 0;
        }
    }
}
