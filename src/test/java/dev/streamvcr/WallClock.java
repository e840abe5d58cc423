package dev.streamvcr;

import java.time.Duration;
import java.time.Instant;

/**
 * Real time for tests whose reservations run on the wall clock: their scenario happens at a point of the booked
 * window (a publisher drops 7 s in, a page goes live 4 s in), so the test lets time pass until then. Not for
 * waiting on a condition: that is Awaitility's job.
 */
public final class WallClock {

    private WallClock() {
    }

    /** Returns at {@code instant}, at once if it has passed. */
    public static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis); // the booked window runs on real time: there is no condition to wait for
        }
    }
}
