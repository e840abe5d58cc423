package dev.streamvcr.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.site.fixture.ChannelSite;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A channel that drops off its page for less than the grace period keeps its one recording. */
@QuarkusTest
@TestProfile(WatchGraceTest.LongGrace.class)
class WatchGraceTest {

    /** A grace period no test outlasts. */
    public static class LongGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.watch.grace", "1h");
        }
    }

    @RegisterExtension
    static final ChannelSite SITE = new ChannelSite();

    @Inject
    EntityManager em;

    @Test
    void aDropWithinTheGracePeriodKeepsTheRecordingAndBooksNoOther() {
        Api.Account user = Api.newUser("user");
        String stream = "http://127.0.0.1:1/live/drops/index.m3u8";
        SITE.live(stream);
        int id = user.api().body(Map.of("title", "Drops", "pageUrl", SITE.url("/channel/drops"), "intervalMinutes", 1))
                .post("/api/v1/watches").then().statusCode(201).extract().path("id");
        JsonPath live = WatchCalls.awaitCheck(user, id, Instant.EPOCH);
        assertEquals("LIVE", live.getString("outcome"), live.prettify());
        int reservation = live.getInt("reservationId");

        SITE.offline();
        JsonPath dropped = WatchCalls.checkNow(em, user, id);
        assertEquals("LIVE", dropped.getString("outcome"), dropped.prettify());
        assertTrue(dropped.getString("reason").contains("grace period"), dropped.getString("reason"));
        assertFalse(ReservationState.valueOf(user.reservation(reservation).getString("state")).isFinal(),
                "the recording goes on through the drop");

        SITE.live(stream);
        JsonPath back = WatchCalls.checkNow(em, user, id);
        assertEquals("LIVE", back.getString("outcome"), back.prettify());
        assertEquals(reservation, back.getInt("reservationId"));
        assertEquals(1, WatchCalls.reservations(user).size(), "the broadcast that came back is not booked again");
        assertEquals(List.of("LIVE"), WatchCalls.history(user, id), "a drop within the grace period is no new outcome");
        user.api().delete("/api/v1/reservations/" + reservation).then().statusCode(200);
    }
}
