package dev.streamvcr.schedule;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.recording.SessionRegistry;
import dev.streamvcr.reservation.ReservationState;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node never runs more sessions than its capacity; the rest waits in the table until a session ends. */
@QuarkusTest
@TestProfile(NodeCapacityTest.CapacityThree.class)
class NodeCapacityTest {

    public static class CapacityThree implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.node-capacity", "3");
        }
    }

    @Inject
    Scheduler scheduler;

    @Inject
    Dispatcher dispatcher;

    @Inject
    DueWork work;

    @Inject
    NodeIdentity node;

    @Inject
    SessionRegistry sessions;

    @Test
    void aFullNodeLeavesDueWorkUntilASessionEnds() {
        Api.Account user = Api.newUser("user");
        Instant now = Instant.now();
        List<Long> first;
        List<Long> rest;
        scheduler.pause(Dispatcher.IDENTITY);
        try {
            // the three that started first end soon; the claim takes the earliest start first
            first = work.book(user.username(), 3, now.minusSeconds(2), now.plusSeconds(6));
            rest = work.book(user.username(), 2, now.minusSeconds(1), now.plusSeconds(30));

            assertEquals(3, dispatcher.dispatch(), "a node of capacity 3 claims 3 of 5 due reservations");
            assertEquals(3, sessions.count());
            first.forEach(id -> assertEquals(node.id(), work.held(id).leaseOwner(), "reservation " + id));
            for (long id : rest) {
                DueWork.Held held = work.held(id);
                assertEquals(ReservationState.SCHEDULED, held.state(), "reservation " + id + " waits");
                assertNull(held.leaseOwner(), "reservation " + id + " is left for any node");
            }
            assertEquals(0, dispatcher.dispatch(), "a full node claims nothing");

            await().atMost(Duration.ofSeconds(30)).until(() -> first.stream().noneMatch(sessions::isRunning));
            assertEquals(2, dispatcher.dispatch(), "once its sessions end the node claims the rest");
            rest.forEach(id -> assertEquals(node.id(), work.held(id).leaseOwner(), "reservation " + id));
            rest.forEach(id -> assertTrue(sessions.isRunning(id), "reservation " + id + " has a session"));
        } finally {
            scheduler.resume(Dispatcher.IDENTITY);
        }
        List<Long> all = new ArrayList<>(first);
        all.addAll(rest);
        await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().noneMatch(sessions::isRunning));
    }

    /**
     * At booking, the recordings at once may not pass what the running nodes can record together: this node's 3 and
     * those of the other nodes in the roster that renewed their row within a minute.
     */
    @Test
    void bookingsPastWhatTheRunningNodesCanRecordAreRefusedUntilAnotherNodeRuns() {
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        try {
            for (int i = 0; i < 3; i++) {
                book(user, start).statusCode(201);
            }
            book(user, start).statusCode(400).body("fields.startAt", allOf(
                    containsString("3 recordings are already booked at"),
                    containsString("the StreamVCR nodes running now can record at most 3 at once together")));
            user.api().get("/api/v1/reservations").then().body("size()", equalTo(3));

            work.seeNode("other-node", 2, Duration.ZERO);
            book(user, start).statusCode(201);
            book(user, start).statusCode(201);
            book(user, start).statusCode(400).body("fields.startAt", containsString("can record at most 5 at once"));

            work.seeNode("other-node", 2, Duration.ofMinutes(5));
            book(user, start.plusSeconds(3600)).statusCode(201);
            book(user, start).statusCode(400).body("fields.startAt", containsString("can record at most 3 at once"));
        } finally {
            work.forgetNode("other-node");
            List<Integer> ids = user.api().get("/api/v1/reservations").then().extract().jsonPath().getList("id");
            ids.forEach(id -> user.api().delete("/api/v1/reservations/" + id));
        }
    }

    private static ValidatableResponse book(Api.Account user, Instant start) {
        return user.api().body(Map.of("title", "Roster", "sourceUrl", "rtmp://127.0.0.1/live/roster", "startAt",
                start.toString(), "durationSeconds", 600)).post("/api/v1/reservations").then();
    }
}
