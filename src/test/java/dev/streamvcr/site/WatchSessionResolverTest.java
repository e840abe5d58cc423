package dev.streamvcr.site;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundRequest;
import dev.streamvcr.outbound.OutboundWebSocket;
import dev.streamvcr.outbound.OutboundWebSocketRequest;
import dev.streamvcr.peer.TestVertx;
import dev.streamvcr.site.fixture.NicoLiveLikeSite;
import dev.streamvcr.site.fixture.TestHosts;
import dev.streamvcr.site.plugin.WatchSessionResolver;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watch-session plugin against the Niconico-Live-like fixture (which negotiates only; no media here): the seat is
 * held with pongs and kept seats until released, the site ending it is told with its reason, and every way a page or
 * a session refuses ends with a sentence a user can act on. The fixture's own rule, that a viewer who stops answering
 * loses the stream, is checked too: it is what the recording tests rely on.
 */
class WatchSessionResolverTest {

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    @RegisterExtension
    static final NicoLiveLikeSite SITE = new NicoLiveLikeSite(null).onAir("lv2001", false).onAir("lv2002", true)
            .withStatus("lv2003", "BEFORE_RELEASE").withStatus("lv2004", "ENDED")
            .closingBeforeStream("lv2005", "CROWDED").timing(Duration.ofMillis(500), 1);

    private static OutboundHttpClient client;
    private static PageFetcher fetcher;
    private static WatchSessionResolver resolver;

    @BeforeAll
    static void clients() {
        client = new OutboundHttpClient(VERTX.get(), TestHosts.loopbackFor(), 4);
        fetcher = new PageFetcher(VERTX.get(), TestHosts.loopbackFor());
        resolver = new WatchSessionResolver(List.of("127.0.0.1"), client, VERTX.get());
    }

    private static SiteSession anonymous() {
        return new HttpSiteSession(fetcher, new CookieJar());
    }

    private static URI watch(String id) {
        return URI.create(SITE.url("/watch/" + id));
    }

    private static String refusal(String id, SiteSession session) {
        return assertThrows(SiteException.class, () -> resolver.resolve(watch(id), session)).getMessage();
    }

    @Test
    void theSeatIsHeldWithPongsAndKeptSeatsUntilReleased() throws Exception {
        assertTrue(resolver.supports(watch("lv2001")));
        SourceCandidate found = resolver.resolve(watch("lv2001"), anonymous()).get(0);
        NicoLiveLikeSite.SeatLog seat = SITE.seats().get(SITE.seats().size() - 1);
        assertEquals(SITE.url("/hls/" + seat.id() + "/master.m3u8"), found.source());
        assertEquals("watch session of lv2001 (broadcast, WebSocket on 127.0.0.1)", found.origin());
        assertTrue(found.access().cookies().header(URI.create(found.source())).startsWith("hls_session="),
                "the playlist's cookie goes with it");
        HeldSession held = found.access().held();
        assertNotNull(held);

        await().atMost(Duration.ofSeconds(10)).until(() -> log(seat.id()).pongs().size() >= 4
                && log(seat.id()).keepSeats().size() >= 3);
        assertEquals(null, log(seat.id()).ended(), "the seat is still held: " + log(seat.id()));

        held.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> log(seat.id()).ended() != null);
        assertEquals("closed by the viewer", log(seat.id()).endReason());
        assertFalse(held.ended().toCompletableFuture().isDone(), "closing here is no end by the site");
    }

    @Test
    void theSiteEndingTheSeatIsToldWithItsReason() throws Exception {
        HeldSession held = resolver.resolve(watch("lv2001"), anonymous()).get(0).access().held();
        SITE.endSeats("lv2001", "TAKEOVER");
        String why = held.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("the site closed the watch session (the broadcast was opened elsewhere with the same account "
                + "(TAKEOVER))", why);
        held.close();
    }

    @Test
    void aViewerThatStopsAnsweringLosesTheStream() throws Exception {
        OutboundWebSocket socket = client.openWebSocket(OutboundWebSocketRequest.to(URI.create(
                "ws://127.0.0.1:" + SITE.port() + "/wsapi/v2/watch/lv2001"))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        List<String> received = new CopyOnWriteArrayList<>();
        socket.onText(received::add);
        socket.send("{\"type\":\"startWatching\",\"data\":{}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(m -> m.contains("\"stream\"")));
        JsonObject stream = received.stream().map(JsonObject::new).filter(m -> m.getString("type").equals("stream"))
                .findFirst().orElseThrow().getJsonObject("data");
        OutboundRequest playlist = OutboundRequest.get(URI.create(stream.getString("uri"))).withHeader("Cookie",
                "hls_session=" + stream.getJsonArray("cookies").getJsonObject(0).getString("value"));
        assertEquals(503, client.fetchAndWait(playlist).status(), "served while the seat is held (no media here)");
        assertEquals(403, client.fetchAndWait(OutboundRequest.get(playlist.uri())).status(), "never without the cookie");

        OutboundWebSocket.Closure closure = socket.closed().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals(OutboundWebSocket.EndedBy.SERVER, closure.by());
        assertEquals("PING_TIMEOUT", closure.reason());
        assertTrue(received.contains("{\"type\":\"disconnect\",\"data\":{\"reason\":\"PING_TIMEOUT\"}}"),
                received.toString());
        assertEquals(403, client.fetchAndWait(playlist).status(), "nothing is served to a seat that was ended");
    }

    @Test
    void aMembersOnlyBroadcastNeedsTheLogin() throws Exception {
        assertEquals("The broadcast lv2002 is for members only and the site says you are not logged in: store your "
                + "account for 127.0.0.1 on the Site accounts page.", refusal("lv2002", anonymous()));
        SiteSession member = anonymous();
        member.post(URI.create(SITE.url("/login")), Map.of("next_url", "/my", "mail_tel", NicoLiveLikeSite.USER,
                "password", NicoLiveLikeSite.PASSWORD));
        SourceCandidate found = resolver.resolve(watch("lv2002"), member).get(0);
        assertEquals("watch session of lv2002 (members-only broadcast, WebSocket on 127.0.0.1)", found.origin());
        found.access().release();
    }

    @Test
    void broadcastsThatCannotBeWatchedSaySo() {
        StreamNotFoundException notYet = assertInstanceOf(StreamNotFoundException.class,
                assertThrows(SiteException.class, () -> resolver.resolve(watch("lv2003"), anonymous())));
        assertTrue(notYet.getMessage().startsWith("The broadcast lv2003 has not started yet (it begins at "),
                notYet.getMessage());
        assertEquals("The broadcast lv2004 has ended.", refusal("lv2004", anonymous()));
        assertEquals("The site closed the watch session before sending the stream (the broadcast is full "
                + "(CROWDED)).", refusal("lv2005", anonymous()));
        assertEquals("The broadcast page answered HTTP 404.", refusal("lv9999", anonymous()));
        assertFalse(resolver.supports(URI.create(SITE.url("/watch/co123"))), "a community page is no broadcast");
    }

    private static NicoLiveLikeSite.SeatLog log(String id) {
        return SITE.seats().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
