package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.peer.LiveHlsPeer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.site.fixture.TestHosts;
import dev.streamvcr.site.fixture.TwitchLikeSite;
import dev.streamvcr.site.plugin.PlaybackTokenResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The playback-token plugin against the Twitch-like fixture (its master playlists only; no media is encoded here):
 * page, token API with the page's client ID, signed master playlist; and each refusal on the way in words a user reads:
 * the token API's error, an expired token, an offline channel, a playlist address the outbound policy refuses.
 */
class PlaybackTokenResolverTest {

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    @RegisterExtension
    static final TwitchLikeSite SITE = new TwitchLikeSite(new LiveHlsPeer(TestCard.DEFAULT, 2)
            .withRendition("low", 284, 160, "150k"), 5, 2).channel("fixturecaster").offline("sleepycaster");

    private static PageFetcher fetcher;
    private static PlaybackTokenResolver resolver;

    @BeforeAll
    static void clients() {
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor());
        resolver = new PlaybackTokenResolver(List.of("127.0.0.1"),
                new OutboundHttpClient(VERTX.get(), TestHosts.loopbackFor(), 4));
    }

    @AfterEach
    void normal() {
        SITE.tokenApiFails(0, null).tokenLifetime(Duration.ofMinutes(10)).usherBase(null);
    }

    private static List<SourceCandidate> resolve(String path) throws SiteException {
        return resolver.resolve(URI.create(SITE.url(path)), new HttpSiteSession(fetcher, new CookieJar()));
    }

    private static SiteException refusal(String path) {
        return assertThrows(SiteException.class, () -> resolve(path));
    }

    @Test
    void aLiveChannelGivesItsSignedMasterPlaylist() throws Exception {
        assertTrue(resolver.supports(URI.create(SITE.url("/fixturecaster"))));
        SourceCandidate found = resolve("/fixturecaster").get(0);
        assertTrue(found.source().startsWith(SITE.url("/api/channel/hls/fixturecaster.m3u8?")), found.source());
        assertTrue(found.source().contains("&sig=") && found.source().contains("&token="), found.source());
        assertTrue(found.origin().startsWith("playback token of fixturecaster (signed master playlist, valid until "),
                found.origin());
        List<String> masters = SITE.masterRequests();
        assertTrue(masters.get(masters.size() - 1).endsWith(" -> 200"), masters.toString());
    }

    @Test
    void theTokenApisErrorIsTold() {
        SITE.tokenApiFails(500, "service timeout");
        assertEquals("The token API of 127.0.0.1 answered HTTP 500: service timeout.", refusal("/fixturecaster")
                .getMessage());
        SITE.tokenApiFails(200, "PersistedQueryNotFound");
        assertEquals("The token API of 127.0.0.1 answered an error: PersistedQueryNotFound.", refusal("/fixturecaster")
                .getMessage());
    }

    @Test
    void anExpiredTokenIsRefusedByThePlaylistService() {
        SITE.tokenLifetime(Duration.ofSeconds(-1));
        String refused = refusal("/fixturecaster").getMessage();
        assertTrue(refused.startsWith("The playlist service refused the channel's token with HTTP 403: "), refused);
        assertTrue(refused.contains("Token expired"), refused);
    }

    @Test
    void aPlaylistServiceOnAForbiddenAddressFailsWithThePolicysReason() {
        SITE.usherBase("http://169.254.169.254");
        assertEquals("Connections to 169.254.169.254 are not allowed: test policy.", refusal("/fixturecaster")
                .getMessage());
    }

    @Test
    void anOfflineOrUnknownChannelSaysSo() {
        assertEquals("The channel sleepycaster is offline.", assertInstanceOf(StreamNotFoundException.class,
                refusal("/sleepycaster")).getMessage());
        assertEquals("The channel page answered HTTP 404.", refusal("/nobody").getMessage());
    }
}
