package dev.streamvcr.site;

/**
 * Where a resolver's {@link SiteSession} comes from: one per owner and site host. The default bean,
 * {@link AnonymousSiteSessions}, is marked {@code @DefaultBean}: any other {@code @ApplicationScoped} bean
 * implementing this interface (e.g. one that logs in with the owner's stored site account and persists its
 * {@link CookieJar}) replaces it without further configuration; {@code @Alternative @Priority(…)} works too.
 */
public interface SiteSessions {

    /**
     * A session for {@code ownerId}'s requests to {@code host} (the host of the page being resolved). Called from a
     * worker thread; may block (e.g. to log in).
     *
     * @param ownerId the user the reservation belongs to, or null when nobody is known (no login then)
     */
    SiteSession sessionFor(Long ownerId, String host) throws SiteException;
}
