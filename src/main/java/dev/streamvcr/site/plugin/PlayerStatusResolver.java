package dev.streamvcr.site.plugin;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.RtmpJoin;
import dev.streamvcr.site.SafeXml;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteResolver;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.SourceCandidate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Broadcast pages ({@code /watch/lv<number>}) whose player learns its stream from a getplayerstatus XML document
 * fetched in the viewer's logged-in session, the way Niconico Live's Flash player did: {@code rtmp/url} is the
 * server and application, {@code rtmp/ticket} the viewer's ticket, and the main {@code contents} the name to play.
 * Official broadcasts and ordinary members' broadcasts differ in shape (an origin application such as
 * {@code publicorigin} and a play name with parameters after the broadcast number, e.g.
 * {@code lv1001,sub1,ps1}, versus an edge application such as {@code liveedge} and the bare number); this plugin
 * assumes neither and plays exactly what the document says. The ticket goes as connect's extra string argument, as
 * the player sent it, and with the play request ({@code ?ticket=}), where the edge checks it.
 *
 * <p>The site must be logged in to: the owner stores an account for the host (Site accounts), and the session this
 * resolver is handed carries that login. Which hosts serve such pages is configured
 * ({@code streamvcr.sites.player-status.hosts}); with none configured the plugin stays out of the way.
 */
@ApplicationScoped
public class PlayerStatusResolver implements SiteResolver {

    private static final Pattern WATCH_PATH = Pattern.compile("/watch/(lv\\d{1,12})/?");
    private static final Map<String, String> REFUSALS = Map.of(
            "notlogin", "the site says you are not logged in; store your account for this site on the Site accounts "
                    + "page",
            "comingsoon", "the broadcast has not started yet",
            "closed", "the broadcast has ended",
            "notfound", "there is no such broadcast",
            "require_community_member", "only members of the broadcaster's community may watch it");

    private final PluginPages pages;

    @Inject
    PlayerStatusResolver(StreamVcrConfig config) {
        this(config.sites().playerStatus().hosts().orElse(List.of()));
    }

    public PlayerStatusResolver(List<String> hosts) {
        this.pages = PluginPages.of(hosts, WATCH_PATH);
    }

    @Override
    public String name() {
        return "player-status";
    }

    @Override
    public boolean supports(URI page) {
        return pages.supports(page);
    }

    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        Matcher watch = pages.match(page, "broadcast (/watch/lv<number>)");
        String broadcast = watch.group(1);
        // The page first: a session whose login ran out sees the login form here and logs in again.
        FetchedPage html = PluginPages.fetch(session, page, "broadcast");
        if (Jsoup.parse(html.text(), html.uri().toString()).selectFirst("form input[type=password]") != null) {
            throw new SiteException("The broadcast page asks for a login: store your account for " + page.getHost()
                    + " on the Site accounts page.");
        }
        URI statusUrl = page.resolve("/api/getplayerstatus/" + broadcast);
        FetchedPage status = session.get(statusUrl);
        if (!status.ok()) {
            throw new SiteException("The player status " + statusUrl + " answered HTTP " + status.status() + ".");
        }
        Element root = parse(status, statusUrl);
        if (!"ok".equals(root.getAttribute("status"))) {
            String code = text(root, "error", "code");
            throw new SiteException("The site refused the player status of " + broadcast + ": "
                    + REFUSALS.getOrDefault(code, "it answered '" + (code.isEmpty() ? root.getAttribute("status")
                    : code) + "'") + ".");
        }
        String server = text(root, "rtmp", "url");
        String ticket = text(root, "rtmp", "ticket");
        if (server.isEmpty() || ticket.isEmpty()) {
            throw new SiteException("The player status of " + broadcast + " has no "
                    + (server.isEmpty() ? "RTMP address" : "ticket") + ".");
        }
        String name = playName(root, broadcast);
        String line = RtmpJoin.join(server, name + "?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        if (line == null) {
            throw new SiteException("The player status of " + broadcast + " names no playable stream (" + server
                    + ", " + name + ").");
        }
        String source = line + " " + RtmpSource.format(List.of(RtmpSource.option("conn", "S:" + ticket),
                RtmpSource.option("live", "1")));
        String provider = text(root, "stream", "provider_type");
        String kind = provider.equals("official") || provider.equals("channel") ? provider + " broadcast"
                : "member's broadcast";
        return List.of(new SourceCandidate(source, "player status of " + broadcast + " (" + kind + ")", 100));
    }

    /** The main contents' name ({@code rtmp:lv1001,sub1,ps1} gives {@code lv1001,sub1,ps1}), else the broadcast. */
    private static String playName(Element root, String broadcast) {
        NodeList contents = root.getElementsByTagName("contents");
        String chosen = null;
        for (int i = 0; i < contents.getLength(); i++) {
            Element item = (Element) contents.item(i);
            if (chosen == null || "main".equals(item.getAttribute("id"))) {
                chosen = item.getTextContent().strip();
            }
        }
        if (chosen == null || chosen.isEmpty()) {
            return broadcast;
        }
        return chosen.regionMatches(true, 0, "rtmp:", 0, 5) && !chosen.contains("://") ? chosen.substring(5) : chosen;
    }

    private static Element parse(FetchedPage status, URI statusUrl) throws SiteException {
        try {
            Document doc = SafeXml.parser().parse(new ByteArrayInputStream(status.body()));
            Element root = doc.getDocumentElement();
            if (!"getplayerstatus".equals(root.getTagName())) {
                throw new SiteException("The player status " + statusUrl + " is a <" + root.getTagName()
                        + "> document, not <getplayerstatus>.");
            }
            return root;
        } catch (SAXException | IOException e) {
            throw new SiteException("The player status " + statusUrl + " is not readable XML.");
        }
    }

    /** The text of {@code <parent><child>} under the root, stripped; empty when absent. */
    private static String text(Element root, String parent, String child) {
        NodeList parents = root.getElementsByTagName(parent);
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = ((Element) parents.item(i)).getElementsByTagName(child);
            if (children.getLength() > 0) {
                return children.item(0).getTextContent().strip();
            }
        }
        return "";
    }
}
