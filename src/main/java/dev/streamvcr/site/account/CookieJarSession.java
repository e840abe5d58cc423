package dev.streamvcr.site.account;

import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteSession;
import java.net.URI;
import java.util.Map;

/** A {@link SiteSession} that carries one site account's cookies; all limits are {@link SiteHttp}'s. */
public final class CookieJarSession implements SiteSession {

    private final SiteHttp http;
    private final CookieJar jar;

    public CookieJarSession(SiteHttp http, CookieJar jar) {
        this.http = http;
        this.jar = jar;
    }

    public CookieJar cookies() {
        return jar;
    }

    @Override
    public FetchedPage get(URI uri) throws SiteException {
        return http.exchange(uri, null, jar);
    }

    @Override
    public FetchedPage post(URI uri, Map<String, String> form) throws SiteException {
        return http.exchange(uri, new java.util.LinkedHashMap<>(form), jar);
    }
}
