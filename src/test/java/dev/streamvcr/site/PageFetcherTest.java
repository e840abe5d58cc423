package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.site.fixture.TestHosts;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fetcher against the fixture sites: a made-up host name stands for 127.0.0.1, and "localhost" is refused. */
class PageFetcherTest {

    @RegisterExtension
    static final FixtureSites SITES = new FixtureSites();
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static PageFetcher fetcher;

    @BeforeAll
    static void start() throws Exception {
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor("site.example.test"));
    }

    private static HttpSiteSession session() {
        return new HttpSiteSession(fetcher, new CookieJar());
    }

    @Test
    void connectsToTheCheckedAddressButSendsTheHostNameAndABrowserLikeAgent() throws Exception {
        FetchedPage page = session().get(URI.create("http://site.example.test:" + SITES.port() + "/echo"));
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<p id=host>site.example.test:" + SITES.port() + "</p>"), page.text());
        assertTrue(page.text().contains("StreamVCR/1"), page.text());
    }

    @Test
    void followsFiveRedirectsButNotSix() throws Exception {
        FetchedPage page = session().get(URI.create(SITES.url("/redirect/4")));
        assertEquals(URI.create(SITES.url("/echo")), page.uri(), "5 hops: /redirect/4 … /redirect/0 → /echo");
        SiteException six = assertThrows(SiteException.class, () -> session().get(URI.create(SITES.url("/redirect/5"))));
        assertEquals("127.0.0.1 redirected more than 5 times.", six.getMessage());
    }

    @Test
    void aRedirectIsCheckedAgainstThePolicy() {
        URI sneaky = URI.create(SITES.url("/redirect-to?url=http://localhost:" + SITES.port() + "/echo"));
        SiteException refused = assertThrows(SiteException.class, () -> session().get(sneaky));
        assertEquals("Connections to localhost are not allowed: test policy.", refused.getMessage());
    }

    @Test
    void stopsReadingBeyondFiveMebibytes() {
        SiteException big = assertThrows(SiteException.class, () -> session().get(URI.create(SITES.url("/big"))));
        assertTrue(big.getMessage().contains("sent more than 5 MiB"), big.getMessage());
    }

    @Test
    void keepsCookiesForTheSession() throws Exception {
        HttpSiteSession session = session();
        session.get(URI.create(SITES.url("/set-cookie")));
        FetchedPage echo = session.get(URI.create(SITES.url("/echo")));
        assertTrue(echo.text().contains("<p id=cookie>session=s1</p>"), echo.text());
        FetchedPage fresh = session().get(URI.create(SITES.url("/echo")));
        assertTrue(fresh.text().contains("<p id=cookie>null</p>"), "a new session starts without cookies");
    }

    @Test
    void anUnreachableHostIsAPlainMessage() throws Exception {
        int closed = dev.streamvcr.peer.PeerTools.freePort();
        SiteException e = assertThrows(SiteException.class,
                () -> session().get(URI.create("http://127.0.0.1:" + closed + "/")));
        assertEquals("Could not load the page from 127.0.0.1: the connection was refused.", e.getMessage());
    }
}
