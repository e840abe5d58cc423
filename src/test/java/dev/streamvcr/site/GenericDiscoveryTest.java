package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.site.fixture.TestHosts;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generic discovery on the fixture pages, one source of stream addresses per page. */
class GenericDiscoveryTest {

    @RegisterExtension
    static final FixtureSites SITES = new FixtureSites();
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static PageFetcher fetcher;
    private final GenericDiscovery generic = new GenericDiscovery();

    @BeforeAll
    static void start() throws Exception {
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor());
    }

    private List<SourceCandidate> discover(String path) throws SiteException {
        return generic.resolve(URI.create(SITES.url(path)), new HttpSiteSession(fetcher, new CookieJar()));
    }

    private void assertBest(String path, String source, String origin) throws SiteException {
        List<SourceCandidate> found = discover(path);
        assertFalse(found.isEmpty(), path + ": nothing found");
        assertEquals(source, found.get(0).source(), path + ": " + found);
        assertEquals(origin, found.get(0).origin(), path + ": " + found);
    }

    @Test
    void modernPageInlinePlayerJson() throws Exception {
        assertBest("/modern", "https://cdn.example.test/live/88/master.m3u8?sig=a1b2",
                "player config in inline script (stream URL under 'url')");
    }

    @Test
    void openGraphVideoTakesTheStreamNotTheEmbedPage() throws Exception {
        List<SourceCandidate> found = discover("/og");
        assertEquals(List.of(new SourceCandidate("https://cdn.example.test/og/live.m3u8", "og:video:secure_url meta tag",
                PageScan.OG_VIDEO)), found);
    }

    @Test
    void videoSourceElementMadeAbsolute() throws Exception {
        assertBest("/video", SITES.url("/hls/video/index.m3u8"), "<source> in a <video> element");
        assertEquals(1, discover("/video").size(), "the mp4 fallback and the poster are no streams");
    }

    @Test
    void jsonLdVideoObjectInAGraph() throws Exception {
        assertBest("/jsonld", "rtmp://media.example.test/live/concert", "JSON-LD VideoObject contentUrl");
    }

    @Test
    void flashvarsStreamerAndFileJoined() throws Exception {
        assertBest("/flash", "rtmp://media.example.test/live/flashch.flv", "Flash player settings (streamer + file)");
    }

    @Test
    void aPlayPathWithSlashesKeepsTheApplicationAsAnOption() throws Exception {
        assertBest("/flash-path", "rtmp://media.example.test/vod/mp4:events/2011/show.mp4 app=vod "
                + "playpath=mp4:events/2011/show.mp4", "Flash player settings (streamer + file)");
    }

    @Test
    void sameSiteIframeOneLevelDeepAndNoForeignFrame() throws Exception {
        List<SourceCandidate> found = discover("/iframe");
        assertEquals(1, found.size(), found.toString());
        assertEquals(SITES.url("/hls/framed/index.m3u8"), found.get(0).source());
        assertEquals("same-site iframe " + SITES.url("/embed/inner") + ": <video src> element", found.get(0).origin());
        assertEquals(PageScan.VIDEO_ELEMENT - GenericDiscovery.FRAME_PENALTY, found.get(0).score());
    }

    @Test
    void javascriptConfigWithServerAndStreamKeysApart() throws Exception {
        assertBest("/config", "rtmp://media.example.test/app/ch1", "player config in inline script ('server' + 'stream' keys)");
    }

    @Test
    void jsonBlobAndDataAttributeConfigs() throws Exception {
        List<SourceCandidate> found = discover("/config-json");
        assertEquals(List.of("rtmp://media.example.test/live/data-ch", "rtmps://media.example.test/secure/json-ch"),
                found.stream().map(SourceCandidate::source).sorted().toList(), found.toString());
        assertTrue(found.stream().anyMatch(c -> c.origin().equals("player config in <div data-setup> ('streamer' + 'file' keys)")),
                found.toString());
        assertTrue(found.stream().anyMatch(c -> c.origin().equals("player config in JSON blob ('server' + 'stream' keys)")),
                found.toString());
    }

    @Test
    void aPageWithoutStreamYieldsNothing() throws Exception {
        assertEquals(List.of(), discover("/nothing"));
    }

    @Test
    void aMissingPageIsAFailureWithItsStatus() {
        SiteException e = org.junit.jupiter.api.Assertions.assertThrows(SiteException.class, () -> discover("/gone"));
        assertEquals("The page " + SITES.url("/gone") + " answered HTTP 404.", e.getMessage());
    }

    @Test
    void scriptUrlsRankBelowExplicitOnes() {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse("""
                <video src="https://a.test/explicit.m3u8"></video>
                <script>load("rtmp://b.test/live/guess"); var x = 'https:\\/\\/c.test\\/x.m3u8';</script>""",
                "https://a.test/page");
        List<SourceCandidate> found = PageScan.scan(page);
        assertEquals(List.of("https://a.test/explicit.m3u8", "rtmp://b.test/live/guess", "https://c.test/x.m3u8"),
                found.stream().map(SourceCandidate::source).toList());
        assertEquals("rtmp:// URL in inline script", found.get(1).origin());
        assertTrue(found.get(0).score() > found.get(1).score());
    }
}
