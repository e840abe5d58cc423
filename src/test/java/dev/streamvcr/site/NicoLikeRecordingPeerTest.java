package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.site.fixture.NicoLikeSite;
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
 * The thesis' Niconico Live case end to end, including the one it could not record: an official broadcast (origin
 * application, play name with parameters after the broadcast number) and an ordinary member's broadcast (edge
 * application, bare number) are booked as page URLs by a user with a stored account, overlapping in time. At the
 * start the server logs in, the player-status plugin reads each getplayerstatus document, and nginx-rtmp, whose
 * {@code on_play} the fixture answers, plays only the exact name with a ticket issued for that broadcast.
 */
@QuarkusTest
class NicoLikeRecordingPeerTest {

    private static final String OFFICIAL = "lv1001";
    private static final String OFFICIAL_PARAMETERS = "sub1,ps1,mp2,hq3";
    private static final String MEMBER = "lv12345";
    private static final int WINDOW_SECONDS = 10;

    @RegisterExtension
    @Order(1)
    static final NicoLikeSite SITE = new NicoLikeSite().official(OFFICIAL, OFFICIAL_PARAMETERS).member(MEMBER);
    /** Both applications ask the fixture site whether to play, as Niconico's servers checked tickets. */
    @RegisterExtension
    @Order(2)
    static final NginxPeer NGINX = new NginxPeer(NginxRtmpConfig.defaults().withRtmpApplications(prefix ->
            askingTheSite(NicoLikeSite.OFFICIAL_APP) + askingTheSite(NicoLikeSite.MEMBER_APP)));

    @Inject
    RecordingStore store;

    @BeforeAll
    static void pointTheSiteAtNginx() {
        SITE.rtmpServer("rtmp://127.0.0.1:" + NGINX.get().rtmpPort());
    }

    private static String askingTheSite(String application) {
        return "application " + application + " { live on; on_play " + SITE.url("/rtmp/on_play") + "; }\n";
    }

    @Test
    void officialAndMembersBroadcastsAreBothRecordedWhileTheyOverlap() throws Exception {
        try (FfmpegPublisher official = new FfmpegPublisher(SITE.streamUrl(OFFICIAL)).start();
                FfmpegPublisher member = new FfmpegPublisher(SITE.streamUrl(MEMBER)).start()) {
            official.awaitPublishing(Duration.ofSeconds(30));
            member.awaitPublishing(Duration.ofSeconds(30));
            String rtmp = "rtmp://127.0.0.1:" + NGINX.get().rtmpPort();
            // What a resolver that only knows the broadcast number would play: refused on the origin.
            assertPlayRefused(rtmp + "/" + NicoLikeSite.OFFICIAL_APP + "/" + OFFICIAL + "?ticket=guess");
            assertPlayRefused(rtmp + "/" + NicoLikeSite.MEMBER_APP + "/" + MEMBER + "?ticket=forged");

            Api.Account user = Api.newUser("user");
            user.api().body(Map.of("site", "127.0.0.1", "username", NicoLikeSite.USER, "password",
                    NicoLikeSite.PASSWORD, "loginUrl", SITE.url("/login"), "allowHttp", true)).post("/api/v1/site-accounts")
                    .then().statusCode(201);
            Instant start = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
            JsonPath bookedOfficial = PageBookings.book(user, "Official", SITE.url("/watch/" + OFFICIAL), start,
                    WINDOW_SECONDS);
            JsonPath bookedMember = PageBookings.book(user, "Member", SITE.url("/watch/" + MEMBER), start.plusSeconds(3),
                    WINDOW_SECONDS);
            assertEquals("player-status", bookedOfficial.getString("resolution.via"), bookedOfficial.prettify());
            assertEquals("player-status", bookedMember.getString("resolution.via"), bookedMember.prettify());

            JsonPath doneOfficial = user.awaitFinal(bookedOfficial.getInt("id"),
                    start.plusSeconds(WINDOW_SECONDS + 40));
            JsonPath doneMember = user.awaitFinal(bookedMember.getInt("id"),
                    start.plusSeconds(WINDOW_SECONDS + 43));
            String plays = "\nplays: " + SITE.plays() + "\nnginx: " + NGINX.get().errorLogTail();
            assertEquals("COMPLETED", doneOfficial.getString("state"), doneOfficial.prettify() + plays);
            assertEquals("COMPLETED", doneMember.getString("state"), doneMember.prettify() + plays);

            String officialSource = doneOfficial.getString("resolution.source");
            String memberSource = doneMember.getString("resolution.source");
            assertEquals("start", doneOfficial.getString("resolution.phase"));
            assertTrue(officialSource.startsWith(rtmp + "/publicorigin/" + OFFICIAL + "," + OFFICIAL_PARAMETERS
                    + "?ticket="), officialSource);
            assertTrue(memberSource.startsWith(rtmp + "/liveedge/" + MEMBER + "?ticket="), memberSource);
            assertNotEquals(bookedOfficial.getString("resolution.source"), officialSource, "a fresh ticket at the start");
            assertTrue(SITE.plays().contains("publicorigin/" + OFFICIAL + "," + OFFICIAL_PARAMETERS + " "
                    + ticketOf(officialSource) + " -> 200"), SITE.plays().toString());
            assertTrue(SITE.plays().contains("liveedge/" + MEMBER + " " + ticketOf(memberSource) + " -> 200"),
                    SITE.plays().toString());

            for (JsonPath done : List.of(doneOfficial, doneMember)) {
                int id = done.getInt("id");
                Path file = store.resolve(store.partPath(id, Instant.parse(done.getString("startAt")), 1));
                MediaInfo info = MediaProbe.probe(file);
                System.out.printf("MEASURED nico-like %s recording: %.3f s, %d video frames, %d audio frames%n",
                        done.getString("title"), info.formatDurationSeconds(), info.videoFrames(), info.audioFrames());
                assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), info.codecNames().toString());
                assertEquals(WINDOW_SECONDS, info.formatDurationSeconds(), 1.5);
                assertEquals("", MediaProbe.decodeErrors(file));
            }
        }
    }

    /** The ticket as the play request carries it (conn=S:<ticket>, the same value unescaped). */
    private static String ticketOf(String source) {
        int at = source.indexOf(" conn=S:") + 8;
        return source.substring(at, source.indexOf(' ', at));
    }

    private static void assertPlayRefused(String url) {
        ToolRun probe = ToolRun.execute(Duration.ofSeconds(15), List.of(PeerTools.FFPROBE.toString(), "-v", "error",
                "-rw_timeout", "3000000", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url));
        assertTrue(!probe.succeeded() || probe.stdout().isBlank(), "must not play: " + url + " " + probe.stdout());
    }
}
