package dev.streamvcr.site;

import java.net.URI;

/**
 * Where a resolver's {@link SiteSession} comes from: one per owner and page. The default bean,
 * {@link AnonymousSiteSessions}, is marked {@code @DefaultBean}: the application's bean in {@code site.login}
 * replaces it with one that logs in with the owner's stored site account when the page's site needs a login.
 */
public interface SiteSessions {

    /**
     * A session for {@code ownerId}'s requests about {@code page}. Called from a worker thread; may block (e.g. to
     * log in).
     *
     * @param ownerId the user the reservation belongs to, or null when nobody is known (no login then)
     * @throws SiteLoginException when the site needs a login and the owner's stored one fails
     */
    SiteSession sessionFor(Long ownerId, URI page) throws SiteException;
}
