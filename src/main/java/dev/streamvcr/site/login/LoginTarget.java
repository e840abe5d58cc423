package dev.streamvcr.site.login;

import dev.streamvcr.outbound.OutboundPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a user agreed to send their site password: the login page they saved with the account (or, for an account
 * named by a host, {@code https://<host>/}). The password goes only to that page's origin (scheme, host and port),
 * whatever a recipe or the page's form says, and only over https unless the user allowed plain http for a host on
 * their own network.
 *
 * @param page      the saved login page
 * @param allowHttp whether the user allowed plain http, which only a LAN host may use
 */
public record LoginTarget(URI page, boolean allowHttp) {

    /** Why a saved login page cannot be used, worded for the user; empty when it can (resolves its host). */
    public static Optional<String> problem(URI page, boolean allowHttp) {
        String scheme = page.getScheme() == null ? "" : page.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (!scheme.equals("http")) {
            return Optional.of("The login page must be an https:// address.");
        }
        if (!allowHttp) {
            return Optional.of("The login page must be an https:// address: a password sent over plain http can be "
                    + "read on its way. For a device on your own network, allow plain http for it.");
        }
        if (!OutboundPolicy.isInternal(page.getHost())) {
            return Optional.of("Plain http is only allowed for a host on your own network (a private or loopback "
                    + "address); " + page.getHost() + " is not one. Use https://.");
        }
        return Optional.empty();
    }

    /** The same origin as the saved page: RFC 6454 §4 (scheme, host, port; default ports made explicit). */
    public boolean sameOrigin(URI other) {
        return other.getScheme() != null && other.getHost() != null
                && page.getScheme().equalsIgnoreCase(other.getScheme())
                && page.getHost().equalsIgnoreCase(other.getHost()) && port(page) == port(other);
    }

    /** The origin as people read it: {@code https://live.example.com:8443}. */
    public String origin() {
        return page.getScheme().toLowerCase(Locale.ROOT) + "://" + page.getHost().toLowerCase(Locale.ROOT)
                + (page.getPort() < 0 ? "" : ":" + page.getPort());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Whether a site key names a host (it has a dot, or is an IPv6 literal) rather than a recipe. */
    static boolean namesHost(String site) {
        return site.matches("[a-z0-9.-]+\\.[a-z0-9-]+(:\\d+)?") || site.contains("::");
    }

    /** {@code https://<site>/} for a site key that names a host. */
    static URI defaultPage(String site) {
        try {
            return new URI("https://" + site + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a host: " + site, e);
        }
    }
}
