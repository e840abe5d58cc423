package dev.streamvcr.site.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a site account is stored under: a host name ({@code live.example.com}), a host and port
 * ({@code live.example.com:8080}) or the name of a recipe, compared without case.
 */
public final class SiteKey {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9 ._:-]{0,199}");
    private static final Pattern HOST_PORT = Pattern.compile("([a-z0-9.-]+):(\\d{1,5})");
    /** The port of an account or page on its scheme's default port (80 for http, 443 for https). */
    private static final int DEFAULT_PORT = -1;

    private SiteKey() {
    }

    /** The normalised key, or empty when {@code raw} cannot be one. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String key = raw.strip().toLowerCase(Locale.ROOT);
        return VALID.matcher(key).matches() ? Optional.of(key) : Optional.empty();
    }

    /** The key of a page's host, e.g. {@code live.example.com} for {@code https://live.example.com/ch/1}. */
    public static Optional<String> ofPage(URI page) {
        return page.getHost() == null ? Optional.empty() : normalize(page.getHost());
    }

    /** The host part of a key: {@code live.example.com} for {@code live.example.com:8080}. */
    public static String host(String site) {
        Matcher m = HOST_PORT.matcher(site);
        return m.matches() ? m.group(1) : site;
    }

    /**
     * Whether the account stored under {@code site}, with its saved login page ({@code loginUrl}, may be null), is
     * the one to read {@code page} with: same host and same port. The account's port is the one in its key
     * ({@code live.example.com:8080}); without one, that of its login page when the page is on the same host and
     * names a port; else the scheme's default, so an account for {@code live.example.com} reads
     * {@code https://live.example.com/…} and {@code http://live.example.com/…} but not {@code …:8080/…}.
     */
    public static boolean appliesTo(String site, String loginUrl, URI page) {
        Optional<String> pageHost = ofPage(page);
        if (pageHost.isEmpty() || !pageHost.get().equals(host(site))) {
            return false;
        }
        return port(page) == accountPort(site, loginUrl);
    }

    private static int accountPort(String site, String loginUrl) {
        Matcher m = HOST_PORT.matcher(site);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            return port == 80 || port == 443 ? DEFAULT_PORT : port;
        }
        if (loginUrl != null) {
            try {
                URI login = new URI(loginUrl);
                if (login.getHost() != null && login.getHost().equalsIgnoreCase(site)) {
                    return port(login);
                }
            } catch (URISyntaxException e) {
                // a login page that cannot be read names no port
            }
        }
        return DEFAULT_PORT;
    }

    private static int port(URI uri) {
        int port = uri.getPort();
        boolean isDefault = port < 0 || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
        return isDefault ? DEFAULT_PORT : port;
    }
}
