package dev.streamvcr.site.login;

import dev.streamvcr.site.CookieJar;
import dev.streamvcr.site.HttpSiteSession;
import dev.streamvcr.site.PageFetcher;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.SiteSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;

/**
 * The sessions pages are resolved in: logged in with the owner's own stored account when the page's site needs a
 * login (a recipe with a login matches the page, or the owner keeps an account for its host) and the owner has an
 * account for it; anonymous otherwise, with a fresh cookie jar. A failing login is not hidden behind an anonymous
 * session: it is thrown, so the reservation says {@code login failed for <site>: …}. Replaces the default
 * anonymous bean.
 */
@ApplicationScoped
public class AccountSiteSessions implements SiteSessions {

    @Inject
    SiteLogin login;

    @Inject
    SiteAccounts accounts;

    @Inject
    PageFetcher fetcher;

    @Override
    public SiteSession sessionFor(Long ownerId, URI page) throws SiteException {
        if (ownerId != null) {
            Optional<String> site = login.siteNeedingLogin(ownerId, page).filter(s -> accounts.has(ownerId, s));
            if (site.isPresent()) {
                return login.session(ownerId, site.get());
            }
        }
        return new HttpSiteSession(fetcher, new CookieJar());
    }
}
