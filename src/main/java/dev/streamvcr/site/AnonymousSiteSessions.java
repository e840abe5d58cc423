package dev.streamvcr.site;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;

/** Sessions without a login: a fresh, in-memory cookie jar for every resolution. */
@DefaultBean
@ApplicationScoped
public class AnonymousSiteSessions implements SiteSessions {

    @Inject
    PageFetcher fetcher;

    @Override
    public SiteSession sessionFor(Long ownerId, URI page) {
        return new HttpSiteSession(fetcher, new CookieJar());
    }
}
