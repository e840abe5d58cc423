package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.site.fixture.TestHosts;
import dev.streamvcr.site.plugin.AmfChannelResolver;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SiteResolutionTest {

    private static FixtureSites sites;
    private static Vertx vertx;
    private static PageFetcher fetcher;

    @BeforeAll
    static void start() throws Exception {
        sites = new FixtureSites().channel("tokyo-live", "4711").rtmpServer("rtmp://127.0.0.1:19350");
        vertx = Vertx.vertx();
        fetcher = new PageFetcher(vertx, TestHosts.loopbackFor());
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sites.close();
    }

    private static SiteSessions anonymous() {
        return (owner, host) -> new HttpSiteSession(fetcher, new CookieJar());
    }

    /** A resolver that claims every page and breaks in a way no resolver should. */
    private record Broken(Kind kind, int priority) implements SiteResolver {
        @Override
        public String name() {
            return "broken-" + kind.name().toLowerCase();
        }

        @Override
        public boolean supports(URI page) {
            return true;
        }

        @Override
        public List<SourceCandidate> resolve(URI page, SiteSession session) {
            throw new IllegalStateException("bug in the plugin");
        }
    }

    @Test
    void resolversRunByKindThenPriority() {
        SiteResolution resolution = new SiteResolution(List.of(new GenericDiscovery(), new Broken(SiteResolver.Kind.RECIPE, 0),
                new AmfChannelResolver(List.of("127.0.0.1")), new Broken(SiteResolver.Kind.PLUGIN, 500),
                new DirectResolver()), anonymous());
        assertEquals(List.of("amf-channel", "broken-plugin", "broken-recipe", "generic"),
                resolution.resolvers().stream().map(SiteResolver::name).toList());
    }

    @Test
    void aThrowingResolverIsReportedAndTheNextOneRuns() {
        SiteResolution resolution = new SiteResolution(List.of(new Broken(SiteResolver.Kind.PLUGIN, 0),
                new GenericDiscovery()), anonymous());
        Resolution result = resolution.resolve(sites.url("/modern"), null);
        assertEquals("generic", result.via());
        assertEquals("https://cdn.example.test/live/88/master.m3u8?sig=a1b2", result.source());
        assertEquals("broken-plugin: failed: IllegalStateException: bug in the plugin", result.reports().get(0).summary());
    }

    @Test
    void streamAddressesResolveToThemselvesWithoutAFetch() {
        SiteResolution resolution = new SiteResolution(List.of(new Broken(SiteResolver.Kind.PLUGIN, 0)), anonymous());
        Resolution rtmp = resolution.resolve("rtmp://h.test/app/ch conn=S:abc", null);
        assertEquals("rtmp://h.test/app/ch conn=S:abc", rtmp.source());
        assertEquals("direct", rtmp.via());
        Resolution hls = resolution.resolve("https://cdn.test/live/x.M3U8?token=1", null);
        assertEquals("the address itself is an HLS playlist", hls.origin());
        assertEquals(1, hls.reports().size());
    }

    @Test
    void nothingFoundSaysWhatEachResolverMadeOfIt() {
        SiteResolution resolution = new SiteResolution(List.of(new Broken(SiteResolver.Kind.RECIPE, 0),
                new GenericDiscovery()), anonymous());
        Resolution result = resolution.resolve(sites.url("/nothing"), null);
        assertFalse(result.found());
        assertNull(result.via());
        assertEquals("nothing on " + sites.url("/nothing") + " looks like a stream this server can record "
                + "(broken-recipe: failed: IllegalStateException: bug in the plugin; generic: no stream recognised).",
                result.reason());
        Resolution unreachable = resolution.resolve("http://elsewhere.example.test/live", null);
        assertTrue(unreachable.reason().contains("generic: failed: Connections to elsewhere.example.test are not allowed"),
                unreachable.reason());
    }

    @Test
    void badInputIsExplained() {
        Resolution result = new SiteResolution(List.of(), anonymous()).resolve("ftp://x.test/a", null);
        assertTrue(result.reason().startsWith("Paste the address of a page"), result.reason());
    }

    /** What each resolver finds on each fixture page, printed for the record. */
    @Test
    void survey() {
        List<SiteResolver> all = List.of(new AmfChannelResolver(List.of("127.0.0.1")), new GenericDiscovery());
        int found = 0;
        for (String path : List.of("/channel/tokyo-live", "/modern", "/og", "/video", "/jsonld", "/flash", "/flash-path",
                "/iframe", "/config", "/config-json", "/nothing")) {
            for (SiteResolver resolver : all) {
                ResolverReport report = SiteResolution.run(resolver, URI.create(sites.url(path)),
                        new HttpSiteSession(fetcher, new CookieJar()));
                String line = report == null ? "does not apply" : report.failed() ? report.error()
                        : report.candidates().isEmpty() ? "nothing" : report.candidates().get(0).source() + " ("
                        + report.candidates().get(0).origin() + ", score " + report.candidates().get(0).score() + ")"
                        + (report.candidates().size() > 1 ? " +" + (report.candidates().size() - 1) + " more" : "");
                System.out.printf("SURVEY %-20s %-12s %s%n", path, resolver.name(), line);
                found += report != null && !report.candidates().isEmpty() ? 1 : 0;
            }
        }
        assertEquals(10, found, "every page but /nothing has a stream some resolver finds");
    }
}
