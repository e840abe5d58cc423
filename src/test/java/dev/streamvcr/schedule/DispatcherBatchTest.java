package dev.streamvcr.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.recording.SessionRegistry;
import dev.streamvcr.reservation.ReservationState;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Many reservations due at the same second are all claimed and started by one tick, not a batch per tick. */
@QuarkusTest
class DispatcherBatchTest {

    private static final int DUE = 500;

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
    void oneTickClaimsEveryReservationDueAtOnce() {
        Api.Account user = Api.newUser("user");
        List<Long> ids;
        scheduler.pause(Dispatcher.IDENTITY);
        try {
            Instant now = Instant.now();
            ids = work.book(user.username(), DUE, now.minusSeconds(1), now.plusSeconds(20));
            long began = System.nanoTime();
            int started = dispatcher.dispatch();
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            System.out.printf("One tick claimed and started %d of %d reservations due at once in %d ms%n", started, DUE,
                    tookMs);

            assertEquals(DUE, started, "every due reservation is claimed by the first tick");
            for (long id : ids) {
                DueWork.Held held = work.held(id);
                assertEquals(node.id(), held.leaseOwner(), "reservation " + id + " is held by this node");
                assertNotEquals(ReservationState.SCHEDULED, held.state(), "reservation " + id + " left SCHEDULED");
                assertTrue(sessions.isRunning(id), "reservation " + id + " has a session");
            }
            assertEquals(0, dispatcher.dispatch(), "the next tick finds nothing left to claim");
        } finally {
            scheduler.resume(Dispatcher.IDENTITY);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().noneMatch(sessions::isRunning));
        ids.forEach(id -> assertTrue(work.held(id).state().isFinal(), "reservation " + id + " ended at its booked end"));
    }
}
