package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.WallClock;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.site.fixture.FixtureSites;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The thesis' Ustream case end to end: a channel page is booked through the API; at the start the page is resolved
 * again (its AMF document hands out a fresh, short-lived token), and our RTMP client records from nginx-rtmp, whose
 * {@code on_play} callback, answered by the fixture site, admits only the right channel with a valid token.
 */
@QuarkusTest
class ChannelRecordingPeerTest {

    private static final String CHANNEL = "4711";
    private static final int WINDOW_SECONDS = 12;

    @RegisterExtension
    @Order(1)
    static final FixtureSites SITES = new FixtureSites().channel("tokyo-live", CHANNEL);
    /** Its channel application asks the fixture site whether to play, as Ustream's servers checked tokens. */
    @RegisterExtension
    @Order(2)
    static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults().withRtmpApplications(prefix ->
            "application " + FixtureSites.APP + " { live on; on_play " + SITES.url("/rtmp/on_play") + "; }"));

    @Inject
    RecordingStore store;

    @BeforeAll
    static void pointTheSiteAtNginx() {
        SITES.rtmpServer("rtmp://127.0.0.1:" + NGINX.get().rtmpPort());
    }

    @Test
    void aBookedChannelPageIsRecordedWithTheAddressFoundAtTheStart() throws Exception {
        String publish = "rtmp://127.0.0.1:" + NGINX.get().rtmpPort() + "/" + FixtureSites.APP + "/" + CHANNEL;
        try (FfmpegPublisher publisher = new FfmpegPublisher(publish + "?token=" + SITES.issueToken()).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(30));
            // From now on a token is good for 5 s: the one handed out at booking has expired by the start.
            SITES.tokenLifetime(Duration.ofSeconds(5));
            Api.Account user = Api.newUser("user");
            int refused = SITES.plays().size();
            assertPlayRefused(publish + "?token=forged");
            assertTrue(SITES.plays().get(refused).endsWith("-> 403"), SITES.plays().toString());

            Instant start = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
            JsonPath booked = user.api().body(Map.of("title", "Tokyo live", "sourceUrl", SITES.url("/channel/tokyo-live"),
                    "startAt", start.toString(), "durationSeconds", WINDOW_SECONDS))
                    .post("/api/v1/reservations").then().statusCode(201).extract().jsonPath();
            int id = booked.getInt("id");
            String atBooking = booked.getString("resolution.source");
            assertEquals("amf-channel", booked.getString("resolution.via"));

            user.awaitFinal(id, start.plusSeconds(WINDOW_SECONDS + 40));
            JsonPath view = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
            assertEquals("COMPLETED", view.getString("state"), view.getString("stateReason") + " " + view.getList("history.reason")
                    + "\nplays: " + SITES.plays() + "\nnginx: " + NGINX.get().errorLogTail());
            assertEquals("start", view.getString("resolution.phase"));
            assertEquals("amf-channel", view.getString("resolution.via"));
            String atStart = view.getString("resolution.source");
            assertNotEquals(atBooking, atStart, "the start resolved the page again and got a fresh token");
            assertPlayRefused(atBooking); // what booking found has expired: only resolving again could record
            String startToken = atStart.substring(atStart.indexOf("token=") + 6);
            assertTrue(SITES.plays().contains(CHANNEL + " " + startToken + " -> 200"), SITES.plays().toString());
            assertTrue(view.getList("history.reason", String.class).stream()
                    .anyMatch(r -> r.startsWith("Looked at the page again: Found " + atStart + " via amf-channel")));

            Path file = store.resolve(store.partPath(id, start, 1));
            MediaInfo info = MediaProbe.probe(file);
            System.out.printf("MEASURED channel page recording: %.3f s, %d video frames, %d audio frames; plays %s%n",
                    info.formatDurationSeconds(), info.videoFrames(), info.audioFrames(), SITES.plays());
            assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), info.codecNames().toString());
            assertEquals(WINDOW_SECONDS, info.formatDurationSeconds(), 1.5);
            assertEquals("", MediaProbe.decodeErrors(file));
        }
    }

    /**
     * A channel whose page shows no stream until a few seconds after the booked start, and whose publisher drops
     * for a while once the ticket handed out then has expired: the page is looked at until it shows the stream, and
     * again for the reconnect, whose fresh ticket nginx's callback admits.
     */
    @Test
    void aPageThatGoesLiveLateIsWaitedForAndAReconnectGetsAFreshTicket() throws Exception {
        String channel = "4712";
        String publish = "rtmp://127.0.0.1:" + NGINX.get().rtmpPort() + "/" + FixtureSites.APP + "/" + channel;
        SITES.tokenLifetime(Duration.ofSeconds(4));
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        int seconds = 24;
        int id = user.api().body(Map.of("title", "Late show", "sourceUrl", SITES.url("/channel/late-show"),
                "startAt", start.toString(), "durationSeconds", seconds))
                .post("/api/v1/reservations").then().statusCode(201).extract().path("id");

        WallClock.sleepUntil(start.plusSeconds(4));
        JsonPath waiting = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
        assertEquals("WAITING_FOR_STREAM", waiting.getString("state"), waiting.getString("stateReason"));
        assertTrue(waiting.getString("stateReason").contains("No stream found on the page"), waiting.getString("stateReason"));

        SITES.channel("late-show", channel);
        // The publisher's own checks play with tokens of their own, left out of the recorder's plays below.
        List<String> checks = List.of(SITES.issueToken(Duration.ofMinutes(10)), SITES.issueToken(Duration.ofMinutes(10)));
        FfmpegPublisher publisher = new FfmpegPublisher(publish + "?token=" + checks.get(0)).start();
        try {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            WallClock.sleepUntil(start.plusSeconds(13));
        } finally {
            publisher.close();
        }
        // The ticket found when the page went live has expired when the publisher is back.
        WallClock.sleepUntil(start.plusSeconds(16));
        try (FfmpegPublisher back = new FfmpegPublisher(publish + "?token=" + checks.get(1)).start()) {
            back.awaitPublishing(Duration.ofSeconds(20));
            user.awaitFinal(id, start.plusSeconds(seconds + 40));
        }

        JsonPath view = user.api().get("/api/v1/reservations/" + id).then().extract().jsonPath();
        assertEquals("COMPLETED", view.getString("state"), view.getString("stateReason") + " "
                + view.getList("history.reason") + "\nplays: " + SITES.plays());
        List<String> admitted = SITES.plays().stream()
                .filter(play -> play.startsWith(channel + " ") && play.endsWith(" -> 200"))
                .filter(play -> checks.stream().noneMatch(play::contains)).distinct().toList();
        assertTrue(admitted.size() >= 2, "a fresh ticket for the reconnect: " + SITES.plays());
        List<String> lookedAgain = view.getList("history.reason", String.class).stream()
                .filter(reason -> reason.startsWith("Looked at the page again")).toList();
        assertEquals(1, lookedAgain.stream().filter(reason -> reason.startsWith("Looked at the page again: No stream"))
                .count(), "a page without a stream is noted once, however often it is asked: " + lookedAgain);
        int recording = view.getInt("recordingId");
        user.api().get("/api/v1/recordings/" + recording).then().statusCode(200)
                .body("gaps.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        Path file = store.resolve(store.partPath(id, start, 1));
        MediaInfo info = MediaProbe.probe(file);
        System.out.printf("MEASURED late channel page: %.3f s recorded of %d s booked, %d video frames; plays %s%n",
                info.formatDurationSeconds(), seconds, info.videoFrames(), SITES.plays());
        // From the page going live (about 5 s in) to the end, less the drop (about 4 s) and the reconnect.
        assertTrue(info.formatDurationSeconds() > seconds - 5 - 4 - 4, "recorded " + info.formatDurationSeconds());
        assertEquals("", MediaProbe.decodeErrors(file));
    }

    /** A player with a forged token gets nothing: the callback refuses it. */
    private static void assertPlayRefused(String url) {
        dev.streamvcr.peer.ToolRun probe = dev.streamvcr.peer.ToolRun.execute(Duration.ofSeconds(15), List.of(
                PeerTools.FFPROBE.toString(), "-v", "error", "-rw_timeout", "3000000", "-show_entries",
                "stream=codec_name", "-of", "csv=p=0", url));
        assertTrue(!probe.succeeded() || probe.stdout().isBlank(), "a forged token must not play: " + probe.stdout());
    }
}
