package dev.streamvcr.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamvcr.web.TooManyRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void tenFailuresLockTheAccountForTheRestOfTheMinute() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(10, clock);
        for (int i = 0; i < 9; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertDoesNotThrow(() -> throttle.check("alice", "10.0.0.99"));
        throttle.failed("Alice", "10.0.0.9");
        TooManyRequests refused = assertThrows(TooManyRequests.class, () -> throttle.check("ALICE ", "10.0.0.99"));
        assertEquals(60, refused.retryAfterSeconds());
        clock.now = clock.now.plus(Duration.ofSeconds(60));
        assertDoesNotThrow(() -> throttle.check("alice", "10.0.0.99"));
    }

    @Test
    void tenFailuresFromOneAddressLockThatAddressForEveryAccount() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = new LoginThrottle(10, clock);
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThrows(TooManyRequests.class, () -> throttle.check("someone-else", "192.0.2.7"));
        assertDoesNotThrow(() -> throttle.check("someone-else", "192.0.2.8"));
    }

    @Test
    void successClearsTheAccountButNotTheAddress() {
        LoginThrottle throttle = new LoginThrottle(3, new ManualClock());
        for (int i = 0; i < 3; i++) {
            throttle.failed("bob", "192.0.2.1");
        }
        throttle.succeeded("bob");
        assertDoesNotThrow(() -> throttle.check("bob", "192.0.2.2"));
        assertThrows(TooManyRequests.class, () -> throttle.check("bob", "192.0.2.1"));
    }
}
