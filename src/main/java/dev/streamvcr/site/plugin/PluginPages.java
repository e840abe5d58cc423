package dev.streamvcr.site.plugin;

import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteSession;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages a site plugin answers for: on one of the hosts it was configured with, at a path of its shape.
 *
 * @param hosts lower-case host names
 * @param path  the whole path of a page the plugin reads
 */
record PluginPages(Set<String> hosts, Pattern path) {

    /** The hosts as configured: trimmed, lower-cased, blank entries left out. */
    static PluginPages of(List<String> hosts, Pattern path) {
        Set<String> normalised = new LinkedHashSet<>();
        hosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).forEach(normalised::add);
        return new PluginPages(Set.copyOf(normalised), path);
    }

    boolean supports(URI page) {
        return page.getHost() != null && hosts.contains(page.getHost().toLowerCase(Locale.ROOT))
                && page.getRawPath() != null && path.matcher(page.getRawPath()).matches();
    }

    /**
     * The page's path matched against the plugin's shape, for its groups.
     *
     * @param names what the address should name, for the message ("channel")
     * @throws SiteException when it does not match
     */
    Matcher match(URI page, String names) throws SiteException {
        Matcher matcher = path.matcher(page.getRawPath() == null ? "" : page.getRawPath());
        if (!matcher.matches()) {
            throw new SiteException("The address " + page + " names no " + names + ".");
        }
        return matcher;
    }

    /**
     * Reads the page through the site session.
     *
     * @param what what the page shows, for the message ("broadcast", "channel")
     * @throws SiteException when it does not answer 2xx
     */
    static FetchedPage fetch(SiteSession session, URI page, String what) throws SiteException {
        FetchedPage html = session.get(page);
        if (!html.ok()) {
            throw new SiteException("The " + what + " page answered HTTP " + html.status() + ".");
        }
        return html;
    }
}
