package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.peer.LiveHlsPeer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.site.fixture.NicoLiveLikeSite;
import dev.streamvcr.site.fixture.TestHosts;
import dev.streamvcr.site.fixture.TwitchLikeSite;
import dev.streamvcr.site.plugin.PlaybackTokenResolver;
import dev.streamvcr.site.plugin.WatchSessionResolver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plugins' own requests (the token API, the watch WebSocket) are part of reading a page: with loopback allowed
 * for pages and for nothing else, the application's plugins still reach the fixtures' token API and WebSocket.
 */
@QuarkusTest
@TestProfile(PluginPurposeTest.PagesOnly.class)
class PluginPurposeTest {

    public static final class PagesOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.outbound.allow", "none", "streamvcr.outbound.page-allow", "127.0.0.0/8");
        }
    }

    @RegisterExtension
    static final TwitchLikeSite TWITCH = new TwitchLikeSite(new LiveHlsPeer(TestCard.DEFAULT, 2), 5, 2)
            .channel("fixturecaster");
    @RegisterExtension
    static final NicoLiveLikeSite NICO = new NicoLiveLikeSite(null).onAir("lv3001", false)
            .timing(Duration.ofMillis(500), 1);

    @Inject
    PlaybackTokenResolver playbackToken;
    @Inject
    WatchSessionResolver watchSession;
    @Inject
    Vertx vertx;

    private SiteSession anonymous() {
        return new HttpSiteSession(new PageFetcher(vertx, TestHosts.loopbackFor()), new CookieJar());
    }

    @Test
    void theTokenApiIsReachedThroughThePagesList() throws Exception {
        SourceCandidate found = playbackToken.resolve(URI.create(TWITCH.url("/fixturecaster")), anonymous()).get(0);
        assertTrue(found.source().startsWith(TWITCH.url("/api/channel/hls/fixturecaster.m3u8?")), found.source());
    }

    @Test
    void theWatchWebSocketIsOpenedThroughThePagesList() throws Exception {
        SourceCandidate found = watchSession.resolve(URI.create(NICO.url("/watch/lv3001")), anonymous()).get(0);
        HeldSession held = found.access().held();
        assertNotNull(held);
        held.close();
        assertEquals("watch session of lv3001 (broadcast, WebSocket on 127.0.0.1)", found.origin());
    }
}
