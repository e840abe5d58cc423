package dev.streamvcr.site;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The last resort for any page: fetch it and look where players keep their stream ({@link PageScan}), then in the
 * same-site frames it embeds, one level deep.
 */
@ApplicationScoped
public class GenericDiscovery implements SiteResolver {

    /** Frames beyond this many are not fetched. */
    static final int MAX_FRAMES = 3;
    /** A frame's candidates rank this much below the same finding on the page itself. */
    static final int FRAME_PENALTY = 10;

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public Kind kind() {
        return Kind.GENERIC;
    }

    @Override
    public boolean supports(URI page) {
        String scheme = page.getScheme() == null ? "" : page.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        Document document = load(page, session);
        Map<String, SourceCandidate> found = new LinkedHashMap<>();
        PageScan.scan(document).forEach(c -> found.putIfAbsent(c.source(), c));
        int frames = 0;
        for (Element iframe : document.select("iframe[src], frame[src]")) {
            URI frame;
            try {
                frame = URI.create(iframe.absUrl("src"));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!sameSite(URI.create(document.location()), frame) || frames++ >= MAX_FRAMES) {
                continue;
            }
            Document inner;
            try {
                inner = load(frame, session);
            } catch (SiteException e) {
                continue; // a broken frame does not spoil what the page itself said
            }
            for (SourceCandidate c : PageScan.scan(inner)) {
                found.putIfAbsent(c.source(), new SourceCandidate(c.source(), "same-site iframe " + frame + ": "
                        + c.origin(), c.score() - FRAME_PENALTY));
            }
        }
        return PageScan.ranked(found.values());
    }

    private static Document load(URI uri, SiteSession session) throws SiteException {
        FetchedPage page = session.get(uri);
        if (!page.ok()) {
            throw new SiteException("The page " + uri + " answered HTTP " + page.status() + ".");
        }
        String type = page.contentType() == null ? "" : page.contentType().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.contains("html") && !type.contains("xml") && !type.startsWith("text/")) {
            throw new SiteException("The address " + uri + " is not a web page (it is " + page.contentType() + ").");
        }
        return Jsoup.parse(page.text(), page.uri().toString());
    }

    /** The same host, or hosts sharing their last two labels (www.example.com and player.example.com). */
    static boolean sameSite(URI page, URI frame) {
        String a = page.getHost();
        String b = frame.getHost();
        if (a == null || b == null || !supportsScheme(frame)) {
            return false;
        }
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        if (a.equals(b)) {
            return true;
        }
        String siteA = lastLabels(a);
        return siteA != null && siteA.equals(lastLabels(b)) && !Character.isDigit(a.charAt(a.length() - 1));
    }

    private static boolean supportsScheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    private static String lastLabels(String host) {
        List<String> labels = new ArrayList<>(List.of(host.split("\\.")));
        if (labels.size() < 2) {
            return null;
        }
        return labels.get(labels.size() - 2) + "." + labels.get(labels.size() - 1);
    }
}
