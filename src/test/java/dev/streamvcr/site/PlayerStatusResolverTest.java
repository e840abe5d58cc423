package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.site.fixture.NicoLikeSite;
import dev.streamvcr.site.fixture.StickamLikeSite;
import dev.streamvcr.site.fixture.TestHosts;
import dev.streamvcr.site.plugin.AmfChannelResolver;
import dev.streamvcr.site.plugin.PlayerStatusResolver;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The getplayerstatus plugin on the Niconico-like fixture: both broadcast shapes, and what it says when logged out. */
class PlayerStatusResolverTest {

    private static final String RTMP = "rtmp://127.0.0.1:19350";
    private static final String TICKET = "4711:lv\\d+:0:\\d+:[0-9a-f]{12}";

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    @RegisterExtension
    static final NicoLikeSite NICO = new NicoLikeSite().official("lv1001", "sub1,ps1,mp2,hq3").member("lv12345")
            .rtmpServer(RTMP);
    /** The thesis' other sites, for the survey. */
    @RegisterExtension
    static final FixtureSites CHANNELS = new FixtureSites().channel("tokyo-live", "4711").rtmpServer(RTMP);
    @RegisterExtension
    static final StickamLikeSite STICKAM = new StickamLikeSite().performer("mika", "50712")
            .rtmpHost("127.0.0.1:19351");
    private static PageFetcher fetcher;
    private static final PlayerStatusResolver RESOLVER = new PlayerStatusResolver(List.of("127.0.0.1"));

    @BeforeAll
    static void start() {
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor());
    }

    private static HttpSiteSession loggedIn() throws SiteException {
        HttpSiteSession session = new HttpSiteSession(fetcher, new CookieJar());
        FetchedPage landing = session.post(URI.create(NICO.url("/login")), Map.of("next_url", "/my",
                "mail_tel", NicoLikeSite.USER, "password", NicoLikeSite.PASSWORD));
        assertEquals(NICO.url("/my"), landing.uri().toString());
        return session;
    }

    @Test
    void knowsOnlyBroadcastPagesOfItsHosts() {
        assertTrue(RESOLVER.supports(URI.create(NICO.url("/watch/lv12345"))));
        assertFalse(RESOLVER.supports(URI.create(NICO.url("/watch/sm9"))));
        assertFalse(RESOLVER.supports(URI.create(NICO.url("/channel/lv1"))));
        assertFalse(RESOLVER.supports(URI.create("http://other.test/watch/lv1")));
        assertFalse(new PlayerStatusResolver(List.of()).supports(URI.create(NICO.url("/watch/lv1"))));
    }

    @Test
    void officialAndMembersBroadcastsBothResolveToWhatTheirStatusSays() throws Exception {
        HttpSiteSession session = loggedIn();
        SourceCandidate official = RESOLVER.resolve(URI.create(NICO.url("/watch/lv1001")), session).get(0);
        assertMatches(Pattern.quote(RTMP + "/publicorigin/lv1001,sub1,ps1,mp2,hq3?ticket=") + TICKET.replace(":", "%3A")
                + " conn=S:" + TICKET + " live=1", official.source());
        assertEquals("player status of lv1001 (official broadcast)", official.origin());

        SourceCandidate member = RESOLVER.resolve(URI.create(NICO.url("/watch/lv12345")), session).get(0);
        assertMatches(Pattern.quote(RTMP + "/liveedge/lv12345?ticket=") + TICKET.replace(":", "%3A")
                + " conn=S:" + TICKET + " live=1", member.source());
        assertEquals("player status of lv12345 (member's broadcast)", member.origin());
        dev.streamvcr.rtmp.client.RtmpSource parsed = dev.streamvcr.rtmp.client.RtmpSource.parse(member.source());
        assertEquals("liveedge", parsed.url().app(), "the recorder reads it as the right application");
    }

    @Test
    void withoutALoginItSaysWhatToDo() {
        HttpSiteSession anonymous = new HttpSiteSession(fetcher, new CookieJar());
        SiteException e = assertThrows(SiteException.class,
                () -> RESOLVER.resolve(URI.create(NICO.url("/watch/lv12345")), anonymous));
        assertEquals("The broadcast page asks for a login: store your account for 127.0.0.1 on the Site accounts page.",
                e.getMessage());
    }

    @Test
    void anUnknownBroadcastIsNamed() throws Exception {
        SiteException e = assertThrows(SiteException.class,
                () -> RESOLVER.resolve(URI.create(NICO.url("/watch/lv999")), loggedIn()));
        assertEquals("The broadcast page answered HTTP 404.", e.getMessage());
    }

    /**
     * What every resolver makes of the thesis' sites, logged in where the site has a login, printed for the record;
     * recipes are surveyed where they run (the admin API's Test endpoint).
     */
    @Test
    void survey() throws Exception {
        HttpSiteSession stickamSession = new HttpSiteSession(fetcher, new CookieJar());
        stickamSession.get(URI.create(STICKAM.url("/login")));
        FetchedPage form = stickamSession.get(URI.create(STICKAM.url("/login")));
        String token = org.jsoup.Jsoup.parse(form.text()).selectFirst("input[name=authenticity_token]").val();
        stickamSession.post(URI.create(STICKAM.url("/login")), Map.of("authenticity_token", token,
                "login_id", StickamLikeSite.USER, "password", StickamLikeSite.PASSWORD));
        HttpSiteSession nicoSession = loggedIn();
        Map<String, SiteSession> pages = new java.util.LinkedHashMap<>();
        pages.put(CHANNELS.url("/channel/tokyo-live"), new HttpSiteSession(fetcher, new CookieJar()));
        pages.put(STICKAM.url("/profile/mika"), stickamSession);
        pages.put(NICO.url("/watch/lv1001"), nicoSession);
        pages.put(NICO.url("/watch/lv12345"), nicoSession);
        pages.put(CHANNELS.url("/modern"), new HttpSiteSession(fetcher, new CookieJar()));
        pages.put(CHANNELS.url("/nothing"), new HttpSiteSession(fetcher, new CookieJar()));
        List<SiteResolver> all = List.of(new AmfChannelResolver(List.of("127.0.0.1")), RESOLVER,
                new GenericDiscovery());
        int found = 0;
        for (Map.Entry<String, SiteSession> page : pages.entrySet()) {
            for (SiteResolver resolver : all) {
                ResolverReport report = SiteResolution.run(resolver, URI.create(page.getKey()), page.getValue());
                String line = report == null ? "does not apply" : report.failed() ? report.error()
                        : report.candidates().isEmpty() ? "nothing" : report.candidates().get(0).source()
                        + " (" + report.candidates().get(0).origin() + ")";
                System.out.printf("SURVEY %-28s %-14s %s%n", URI.create(page.getKey()).getPath(), resolver.name(),
                        line);
                found += report != null && !report.candidates().isEmpty() ? 1 : 0;
            }
        }
        assertEquals(4, found, "the channel, both broadcasts and the modern page; Stickam-like needs its recipe");
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue(Pattern.matches(regex, actual), actual + "\n does not match\n" + regex);
    }
}
