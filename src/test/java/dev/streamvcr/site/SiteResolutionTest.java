package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class SiteResolutionTest {

    @RegisterExtension
    static final FixtureSites SITES = new FixtureSites().channel("tokyo-live", "4711")
            .rtmpServer("rtmp://127.0.0.1:19350");
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static PageFetcher fetcher;

    @BeforeAll
    static void start() throws Exception {
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor());
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
        Resolution result = resolution.resolve(SITES.url("/modern"), null);
        assertEquals("generic", result.via());
        assertEquals("https://cdn.example.test/live/88/master.m3u8?sig=a1b2", result.source());
        assertEquals("broken-plugin: failed: IllegalStateException: bug in the plugin", result.reports().get(0).summary());
    }

    /** Per-page resolvers of a given kind, for one page and owner; names say what they found. */
    private record PerPage(String name, List<SiteResolver> made) implements PageResolvers {
        @Override
        public List<SiteResolver> forPage(URI page, Long ownerId) {
            if (made == null) {
                throw new IllegalStateException("the recipe table is unreadable");
            }
            return made;
        }
    }

    /** A resolver that finds a fixed source, to see where it ran in the chain. */
    private record Fixed(String name, Kind kind, String source) implements SiteResolver {
        @Override
        public boolean supports(URI page) {
            return true;
        }

        @Override
        public List<SourceCandidate> resolve(URI page, SiteSession session) {
            return source == null ? List.of() : List.of(new SourceCandidate(source, name, 1));
        }
    }

    @Test
    void perPageResolversJoinByKindAndOneThatCannotBeMadeBreaksNothing() {
        SiteResolution resolution = new SiteResolution(List.of(new GenericDiscovery(),
                new Fixed("plugin-empty", SiteResolver.Kind.PLUGIN, null)),
                List.of(new PerPage("broken-recipes", null), new PerPage("recipes", List.of(
                        new Fixed("recipe:b", SiteResolver.Kind.RECIPE, "rtmp://h.test/app/b"),
                        new Fixed("recipe:a", SiteResolver.Kind.RECIPE, null)))), anonymous());
        Resolution result = resolution.resolve(SITES.url("/modern"), 7L);
        assertEquals("recipe:b", result.via(), "a recipe runs after plugins and before generic discovery");
        assertEquals("rtmp://h.test/app/b", result.source());
        assertEquals(List.of("broken-recipes: failed: IllegalStateException: the recipe table is unreadable",
                "plugin-empty: no stream recognised", "recipe:a: no stream recognised", "recipe:b: 1 candidate"),
                result.reports().stream().map(ResolverReport::summary).toList());
    }

    /** A session a resolver holds open for its stream; remembers whether it was closed. */
    private static final class Seat implements HeldSession {
        boolean closed;

        @Override
        public java.util.concurrent.CompletionStage<String> ended() {
            return new java.util.concurrent.CompletableFuture<>();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A resolver whose two candidates each hold a session open. */
    private record Holding(Seat best, Seat second) implements SiteResolver {
        @Override
        public String name() {
            return "holding";
        }

        @Override
        public boolean supports(URI page) {
            return true;
        }

        @Override
        public List<SourceCandidate> resolve(URI page, SiteSession session) {
            return List.of(new SourceCandidate("https://cdn.test/a.m3u8", "seat a", 10,
                            new StreamAccess(null, java.util.Map.of("Referer", page.toString()), best)),
                    new SourceCandidate("https://cdn.test/b.m3u8", "seat b", 5,
                            new StreamAccess(null, java.util.Map.of(), second)));
        }
    }

    @Test
    void aSessionHeldForAStreamStaysOpenOnlyForARecording() {
        Seat best = new Seat();
        Seat second = new Seat();
        CookieJar jar = new CookieJar();
        SiteResolution resolution = new SiteResolution(List.of(new Holding(best, second)),
                (owner, page) -> new HttpSiteSession(fetcher, jar));
        Resolution recorded = resolution.resolveToRecord(SITES.url("/modern"), 7L);
        assertEquals("https://cdn.test/a.m3u8", recorded.source());
        assertFalse(best.closed, "the chosen stream's session stays open for the recording");
        assertTrue(second.closed, "a candidate not chosen gives its session back at once");
        assertEquals(java.util.Map.of("Referer", SITES.url("/modern")), recorded.access().headers());
        assertTrue(recorded.access().cookies() == jar, "requests for the stream carry the page session's cookies");
        recorded.access().release();
        assertTrue(best.closed);

        Seat shown = new Seat();
        new SiteResolution(List.of(new Holding(shown, new Seat())), anonymous()).resolve(SITES.url("/modern"), 7L);
        assertTrue(shown.closed, "a resolution only shown (booking, Find the stream) holds nothing open");
    }

    @Test
    void aFailedLoginStopsResolutionAndSaysSo() {
        SiteSessions failing = (owner, page) -> {
            throw new SiteLoginException("live.example.test", "the site said 'Wrong password'");
        };
        Resolution result = new SiteResolution(List.of(new GenericDiscovery()), failing)
                .resolve(SITES.url("/modern"), 7L);
        assertFalse(result.found());
        assertTrue(result.loginFailed());
        assertEquals("login failed for live.example.test: the site said 'Wrong password'", result.reason());
        assertEquals(List.of(), result.reports(), "no resolver ran without the login");
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
        Resolution result = resolution.resolve(SITES.url("/nothing"), null);
        assertFalse(result.found());
        assertNull(result.via());
        assertEquals("nothing on " + SITES.url("/nothing") + " looks like a stream this server can record "
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
                ResolverReport report = SiteResolution.run(resolver, URI.create(SITES.url(path)),
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
