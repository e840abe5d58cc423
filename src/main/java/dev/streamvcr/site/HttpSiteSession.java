package dev.streamvcr.site;

import java.net.URI;
import java.util.Map;

/**
 * A {@link SiteSession} over the {@link PageFetcher} with its own {@link CookieJar}: anonymous when the jar starts
 * empty, logged in when it starts with a site account's stored cookies.
 */
public final class HttpSiteSession implements SiteSession {

    private final PageFetcher fetcher;
    private final CookieJar cookies;

    public HttpSiteSession(PageFetcher fetcher, CookieJar cookies) {
        this.fetcher = fetcher;
        this.cookies = cookies;
    }

    /** The jar this session reads and fills; persist {@link CookieJar#cookies()} to keep a login. */
    @Override
    public CookieJar cookies() {
        return cookies;
    }

    @Override
    public FetchedPage get(URI uri) throws SiteException {
        return fetcher.fetch(uri, null, cookies);
    }

    @Override
    public FetchedPage post(URI uri, Map<String, String> form) throws SiteException {
        return fetcher.fetch(uri, Map.copyOf(form), cookies);
    }
}
