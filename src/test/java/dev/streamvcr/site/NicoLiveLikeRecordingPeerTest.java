package dev.streamvcr.site;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.LiveHlsPeer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.site.fixture.NicoLiveLikeSite;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Niconico Live as it is today, end to end: broadcast pages booked through the API are resolved by the watch-session
 * plugin, whose WebSocket seat (pongs, keepSeat) is held for the whole recording while the HLS stream, which the site
 * serves only to a held seat with its cookie, is recorded; a members-only broadcast through the owner's stored site
 * account; and a seat the site ends mid-recording is taken again and the recording goes on.
 */
@QuarkusTest
class NicoLiveLikeRecordingPeerTest {

    private static final int WINDOW_SECONDS = 14;
    private static final int SEGMENT_SECONDS = 2;
    private static final Duration PING_EVERY = Duration.ofSeconds(2);
    private static final int KEEP_SECONDS = 3;
    private static final String PUBLIC = "lv3001";
    private static final String MEMBERS = "lv3002";
    private static final String TAKEN_OVER = "lv3003";

    @RegisterExtension
    @Order(1)
    static final LiveHlsPeer MEDIA = new LiveHlsPeer(TestCard.DEFAULT, SEGMENT_SECONDS);
    @RegisterExtension
    @Order(2)
    static final NicoLiveLikeSite SITE = new NicoLiveLikeSite(MEDIA).onAir(PUBLIC, false).onAir(MEMBERS, true)
            .onAir(TAKEN_OVER, false).timing(PING_EVERY, KEEP_SECONDS);

    @Inject
    RecordingStore store;

    @Test
    void aBroadcastAndAMembersOnlyOneAreRecordedWithTheirSeatsHeldThroughout() {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("site", "127.0.0.1", "username", NicoLiveLikeSite.USER, "password",
                NicoLiveLikeSite.PASSWORD, "loginUrl", SITE.url("/login"), "allowHttp", true)).post("/api/v1/site-accounts")
                .then().statusCode(201);
        Instant start = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
        JsonPath bookedPublic = PageBookings.book(user, "Public", SITE.url("/watch/" + PUBLIC), start, WINDOW_SECONDS);
        JsonPath bookedMembers = PageBookings.book(user, "Members", SITE.url("/watch/" + MEMBERS), start,
                WINDOW_SECONDS);
        assertEquals("watch-session", bookedPublic.getString("resolution.via"), bookedPublic.prettify());
        assertEquals("watch-session", bookedMembers.getString("resolution.via"), bookedMembers.prettify());

        for (JsonPath booked : List.of(bookedPublic, bookedMembers)) {
            JsonPath done = user.awaitFinal(booked.getInt("id"), start.plusSeconds(WINDOW_SECONDS + 40));
            assertEquals("COMPLETED", done.getString("state"), done.prettify() + "\nseats: " + SITE.seats());
            assertTrue(done.getString("resolution.origin").startsWith("watch session of "), done.prettify());
            RecordedHlsPart part = RecordedHlsPart.check(store, user, done, "nico-live-like "
                    + done.getString("title") + " broadcast", SEGMENT_SECONDS + 1.0);
            assertEquals("", part.decodeErrors());
            assertEquals(List.of(), part.gaps(), "a held seat is never refused");

            String broadcast = booked == bookedPublic ? PUBLIC : MEMBERS;
            Instant end = Instant.parse(done.getString("endAt"));
            NicoLiveLikeSite.SeatLog seat = recordingSeats(broadcast).get(0);
            System.out.printf("MEASURED nico-live-like %s seat: %d pongs, %d keepSeats, %d segments, ended %s (%s)%n",
                    done.getString("title"), seat.pongs().size(), seat.keepSeats().size(), seat.segmentsServed(),
                    seat.ended(), seat.endReason());
            assertEquals(1, recordingSeats(broadcast).size(), "one seat for the whole recording: " + SITE.seats());
            assertEquals("closed by the viewer", seat.endReason(), "released when the recording ended: " + seat);
            assertTrue(!seat.ended().isBefore(end.minusSeconds(1)), "held until the booked end " + end + ": " + seat);
            assertAnsweredThroughout(seat.pongs(), start, end, PING_EVERY.toSeconds(), "pong");
            assertAnsweredThroughout(seat.keepSeats(), start, end, KEEP_SECONDS, "keepSeat");
        }
    }

    @Test
    void aSeatTheSiteEndsIsTakenAgainAndTheRecordingGoesOn() {
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
        JsonPath booked = PageBookings.book(user, "Taken over", SITE.url("/watch/" + TAKEN_OVER), start,
                WINDOW_SECONDS);
        int id = booked.getInt("id");
        await("recording for 5 s").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                .until(() -> "RECORDING".equals(user.reservation(id).getString("state"))
                        && Instant.now().isAfter(start.plusSeconds(5)));
        SITE.endSeats(TAKEN_OVER, "TAKEOVER");

        JsonPath done = user.awaitFinal(id, start.plusSeconds(WINDOW_SECONDS + 40));
        assertEquals("COMPLETED", done.getString("state"), done.prettify() + "\nseats: " + SITE.seats());
        List<String> history = done.getList("history.reason", String.class);
        assertTrue(history.contains("The stream dropped: The site ended the session the stream needs: the site "
                + "closed the watch session (the broadcast was opened elsewhere with the same account (TAKEOVER)). "
                + "Reconnecting."), history.toString());
        List<NicoLiveLikeSite.SeatLog> seats = recordingSeats(TAKEN_OVER);
        System.out.printf("MEASURED nico-live-like taken-over seats (booking's included): %s%n", SITE.seats().stream()
                .filter(s -> s.broadcast().equals(TAKEN_OVER)).map(s -> s.segmentsServed() + " segments, "
                        + s.pongs().size() + " pongs, ended " + s.endReason()).toList());
        assertEquals("TAKEOVER", seats.get(0).endReason());
        assertTrue(seats.size() >= 2, "a new seat after the first was ended: " + SITE.seats());
        assertEquals("closed by the viewer", seats.get(seats.size() - 1).endReason());

        RecordedHlsPart part = RecordedHlsPart.check(store, user, done, "nico-live-like taken-over broadcast",
                SEGMENT_SECONDS + 1.0);
        assertEquals("", part.decodeErrors());
        assertEquals(List.of(), part.gaps(), "the new seat's playlist still held the next segment");
    }

    /** The seats of {@code broadcast} that were served segments (a recording's), oldest first; not the booking's. */
    private static List<NicoLiveLikeSite.SeatLog> recordingSeats(String broadcast) {
        return SITE.seats().stream().filter(s -> s.broadcast().equals(broadcast) && s.segmentsServed() > 0).toList();
    }

    /** Every stretch of the window, from its start to its end, saw an answer within twice the interval asked. */
    private static void assertAnsweredThroughout(List<Instant> answers, Instant start, Instant end, long everySeconds,
            String what) {
        Instant previous = start;
        for (Instant at : answers.stream().filter(a -> a.isAfter(start) && a.isBefore(end)).toList()) {
            assertTrue(Duration.between(previous, at).toMillis() <= 2000 * everySeconds,
                    "no " + what + " between " + previous + " and " + at + ": " + answers);
            previous = at;
        }
        assertTrue(Duration.between(previous, end).toMillis() <= 2000 * everySeconds,
                "no " + what + " after " + previous + " until " + end + ": " + answers);
    }
}
