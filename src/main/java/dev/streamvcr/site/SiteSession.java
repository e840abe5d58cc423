package dev.streamvcr.site;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP access to a site on a user's behalf: every request goes through the outbound policy, sizes, redirects and
 * time are bounded, and cookies persist for the session (a logged-in session carries the site's login cookies).
 */
public interface SiteSession {

    /** GET {@code uri}; a non-2xx answer is returned, not thrown, so callers can tell a login page from an error. */
    FetchedPage get(URI uri) throws SiteException;

    /** POST {@code form} as {@code application/x-www-form-urlencoded} to {@code uri}. */
    FetchedPage post(URI uri, Map<String, String> form) throws SiteException;

    /** The cookies this session keeps, which requests for a stream found through it carry too; null for none. */
    default dev.streamvcr.outbound.CookieStore cookies() {
        return null;
    }

    /** The site key (host name or recipe name) this session is logged in to; empty for an anonymous one. */
    default Optional<String> loggedInTo() {
        return Optional.empty();
    }
}
