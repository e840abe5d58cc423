package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.site.fixture.TestHosts;
import dev.streamvcr.site.plugin.AmfChannelResolver;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AMF-channel plugin on the Ustream-like fixture: page → flashvars → AMF document → RTMP address. */
class AmfChannelResolverTest {

    @RegisterExtension
    static final FixtureSites SITES = new FixtureSites().channel("tokyo-live", "4711")
            .rtmpServer("rtmp://127.0.0.1:19350");
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static PageFetcher fetcher;
    private final AmfChannelResolver plugin = new AmfChannelResolver(List.of("127.0.0.1"));

    @BeforeAll
    static void start() throws Exception {
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor());
    }

    @Test
    void knowsChannelPagesOfConfiguredHostsOnly() {
        assertTrue(plugin.supports(URI.create(SITES.url("/channel/tokyo-live"))));
        assertFalse(plugin.supports(URI.create(SITES.url("/modern"))));
        assertFalse(plugin.supports(URI.create("http://elsewhere.test/channel/tokyo-live")));
        assertFalse(new AmfChannelResolver(List.of()).supports(URI.create(SITES.url("/channel/tokyo-live"))));
    }

    @Test
    void findsTheRtmpAddressInsideTheAmfDocumentWithAFreshToken() throws Exception {
        URI page = URI.create(SITES.url("/channel/tokyo-live"));
        List<SourceCandidate> first = plugin.resolve(page, new HttpSiteSession(fetcher, new CookieJar()));
        assertEquals(1, first.size(), first.toString());
        assertTrue(first.get(0).source().matches("rtmp://127\\.0\\.0\\.1:19350/ustreamVideo/4711\\?token=[0-9a-f]{32}"),
                first.get(0).source());
        assertEquals("RTMP address in the AMF document " + SITES.url("/gateway/channel.amf?cid=4711") + " ('fmsUrl')",
                first.get(0).origin());
        List<SourceCandidate> second = plugin.resolve(page, new HttpSiteSession(fetcher, new CookieJar()));
        assertFalse(first.get(0).source().equals(second.get(0).source()), "each resolution gets its own token");
    }

    @Test
    void theAmfDocumentNeedsThePagesCookieSoTheSessionKeepsIt() throws Exception {
        SiteSession session = new HttpSiteSession(fetcher, new CookieJar());
        FetchedPage without = session.get(URI.create(SITES.url("/gateway/channel.amf?cid=4711")));
        assertEquals(403, without.status());
    }

    @Test
    void anUnknownChannelIsAFailureWithTheStatus() {
        SiteException e = assertThrows(SiteException.class, () -> plugin.resolve(
                URI.create(SITES.url("/channel/nobody")), new HttpSiteSession(fetcher, new CookieJar())));
        assertEquals("The channel page answered HTTP 404.", e.getMessage());
    }
}
