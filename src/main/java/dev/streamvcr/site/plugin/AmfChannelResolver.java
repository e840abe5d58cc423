package dev.streamvcr.site.plugin;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.rtmp.amf.Amf0Exception;
import dev.streamvcr.rtmp.amf.EcmaArray;
import dev.streamvcr.rtmp.amf.TypedObject;
import dev.streamvcr.rtmp.client.RtmpUrl;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.RtmpJoin;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteResolver;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.SourceCandidate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Channel pages whose Flash player learns its stream from an AMF document, the way Ustream's did: the page
 * ({@code /channel/<name>}) hands the player the document's URL in its flashvars or config, and the document
 * ({@code application/x-amf}) carries {@code rtmp://<server>/<app>/<channel id>}, whole or as server and stream
 * name. Which hosts serve such pages is configured ({@code streamvcr.sites.amf-channel.hosts}, comma-separated host
 * names; env {@code STREAMVCR_SITES_AMF_CHANNEL_HOSTS}); with none configured the plugin stays out of the way.
 */
@ApplicationScoped
public class AmfChannelResolver implements SiteResolver {

    private static final Pattern CHANNEL_PATH = Pattern.compile("/channel/[^/]+/?");
    private static final Pattern QUOTED_AMF_URL = Pattern.compile("[\"']([^\"'\\s<>]+\\.amf(?:\\?[^\"'\\s<>]*)?)[\"']");
    private static final Set<String> SERVER_KEYS = Set.of("fmsurl", "cdnurl", "server", "streamer", "rtmpurl",
            "serverurl", "netconnectionurl");
    private static final Set<String> STREAM_KEYS = Set.of("streamname", "stream", "channel", "channelid", "playpath",
            "file");

    private final PluginPages pages;

    @Inject
    AmfChannelResolver(StreamVcrConfig config) {
        this(config.sites().amfChannel().hosts().orElse(List.of()));
    }

    public AmfChannelResolver(List<String> hosts) {
        this.pages = PluginPages.of(hosts, CHANNEL_PATH);
    }

    @Override
    public String name() {
        return "amf-channel";
    }

    @Override
    public boolean supports(URI page) {
        return pages.supports(page);
    }

    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        FetchedPage html = PluginPages.fetch(session, page, "channel");
        Document document = Jsoup.parse(html.text(), html.uri().toString());
        URI documentUrl = amfDocument(document);
        if (documentUrl == null) {
            throw new SiteException("The channel page has no player that loads an AMF document.");
        }
        FetchedPage amf = session.get(documentUrl);
        String type = amf.contentType() == null ? "" : amf.contentType().toLowerCase(Locale.ROOT);
        if (!amf.ok() || !type.contains("amf")) {
            throw new SiteException("The player's AMF document " + documentUrl + " answered HTTP " + amf.status()
                    + " with " + (type.isEmpty() ? "no content type" : type) + " instead of application/x-amf.");
        }
        List<Object> values;
        try {
            values = AmfPacket.values(amf.body());
        } catch (Amf0Exception e) {
            throw new SiteException("The AMF document " + documentUrl + " could not be read: " + e.getMessage());
        }
        Map<String, SourceCandidate> found = new LinkedHashMap<>();
        for (Object value : values) {
            walk(value, documentUrl, found, 0);
        }
        List<SourceCandidate> ranked = new ArrayList<>(found.values());
        ranked.sort((a, b) -> Integer.compare(b.score(), a.score()));
        return ranked;
    }

    /** The AMF document's URL from the player's flashvars, {@code <param>}s or inline config. */
    static URI amfDocument(Document page) {
        List<String> places = new ArrayList<>();
        for (Element e : page.select("param[name~=(?i)flashvars], embed[flashvars], object[data], embed[src]")) {
            String raw = e.hasAttr("flashvars") ? e.attr("flashvars") : e.hasAttr("value") ? e.attr("value")
                    : e.hasAttr("data") ? e.attr("data") : e.attr("src");
            int query = raw.indexOf('?');
            String vars = e.tagName().equals("param") || e.hasAttr("flashvars") ? raw : query < 0 ? "" : raw.substring(query + 1);
            for (String pair : vars.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    places.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        for (String value : places) {
            if (value.matches("[^\\s\"'<>]+\\.amf(\\?.*)?")) {
                return resolve(page, value);
            }
        }
        for (Element script : page.select("script:not([src])")) {
            Matcher m = QUOTED_AMF_URL.matcher(script.data().replace("\\/", "/"));
            if (m.find()) {
                return resolve(page, m.group(1));
            }
        }
        return null;
    }

    private static URI resolve(Document page, String url) {
        try {
            return URI.create(page.location()).resolve(url.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void walk(Object value, URI document, Map<String, SourceCandidate> found, int depth) {
        if (depth > 32) {
            return;
        }
        Map<?, ?> fields = value instanceof Map<?, ?> map ? map : value instanceof EcmaArray array ? array.entries()
                : value instanceof TypedObject typed ? typed.fields() : null;
        if (fields != null) {
            Map<String, String> strings = new LinkedHashMap<>();
            fields.forEach((k, v) -> {
                if (v instanceof String || v instanceof Number) {
                    strings.put(String.valueOf(k), v instanceof Double d && d == Math.rint(d)
                            ? String.valueOf(d.longValue()) : String.valueOf(v));
                } else {
                    walk(v, document, found, depth + 1);
                }
            });
            object(strings, document, found);
        } else if (value instanceof List<?> list) {
            list.forEach(element -> walk(element, document, found, depth + 1));
        } else if (value instanceof String text) {
            whole(text, "a string", document, found);
        }
    }

    private static void object(Map<String, String> strings, URI document, Map<String, SourceCandidate> found) {
        strings.forEach((key, value) -> whole(value, "'" + key + "'", document, found));
        strings.forEach((serverKey, server) -> {
            if (!SERVER_KEYS.contains(serverKey.toLowerCase(Locale.ROOT))) {
                return;
            }
            strings.forEach((streamKey, stream) -> {
                if (STREAM_KEYS.contains(streamKey.toLowerCase(Locale.ROOT))) {
                    String joined = RtmpJoin.join(server, stream);
                    if (joined != null) {
                        found.putIfAbsent(joined, new SourceCandidate(joined, "AMF document " + document + " ('"
                                + serverKey + "' + '" + streamKey + "')", 90));
                    }
                }
            });
        });
    }

    /** A complete RTMP address (server, application and channel) in one value. */
    private static void whole(String value, String where, URI document, Map<String, SourceCandidate> found) {
        String v = value.strip();
        if (!v.toLowerCase(Locale.ROOT).startsWith("rtmp")) {
            return;
        }
        try {
            RtmpUrl.parse(v);
        } catch (IllegalArgumentException e) {
            return; // a server without a stream name: only usable joined with one
        }
        found.putIfAbsent(v, new SourceCandidate(v, "RTMP address in the AMF document " + document + " (" + where + ")",
                95));
    }
}
