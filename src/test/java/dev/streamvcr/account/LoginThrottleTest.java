package dev.streamvcr.account;

import dev.streamvcr.ManualClock;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamvcr.web.TooManyRequests;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The throttle counts in PostgreSQL: each test forgets every count before and after. */
@QuarkusTest
class LoginThrottleTest {

    @Inject
    DataSource dataSource;

    @BeforeEach
    @AfterEach
    void forgetFailures() {
        throttle(new ManualClock()).reset();
    }

    /** A clock the test moves by hand. */
    private LoginThrottle throttle(ManualClock clock) {
        return new LoginThrottle(new LoginThrottle.Limits(10, 30, 100, Duration.ofSeconds(2)), clock, dataSource);
    }

    @Test
    void tenFailuresLockTheAccountFromThatAddressForTheRestOfTheMinute() {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = throttle(clock);
        for (int i = 0; i < 10; i++) {
            throttle.attempt(i % 2 == 0 ? "alice" : "Alice ", "10.0.0.1");
        }
        TooManyRequests refused = assertThrows(TooManyRequests.class, () -> throttle.attempt("ALICE", "10.0.0.1"));
        assertEquals(60, refused.retryAfterSeconds());
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Duration.ZERO, throttle.attempt("alice", "10.0.0.1"));
    }

    @Test
    void failuresFromOneAddressDoNotLockTheAccountOutElsewhere() {
        LoginThrottle throttle = throttle(new ManualClock());
        for (int i = 0; i < 10; i++) {
            throttle.attempt("alice", "203.0.113.66");
        }
        assertThrows(TooManyRequests.class, () -> throttle.attempt("alice", "203.0.113.66"));
        assertEquals(Duration.ZERO, throttle.attempt("alice", "192.0.2.10"), "the owner's own address still gets in");
    }

    @Test
    void thirtyFailuresFromOneAddressLockThatAddressForEveryAccount() {
        LoginThrottle throttle = throttle(new ManualClock());
        for (int i = 0; i < 30; i++) {
            throttle.attempt("user" + i, "192.0.2.7");
        }
        assertThrows(TooManyRequests.class, () -> throttle.attempt("someone-else", "192.0.2.7"));
        assertDoesNotThrow(() -> throttle.attempt("someone-else", "192.0.2.8"));
    }

    @Test
    void manyFailuresAtOneAccountFromEverywhereSlowItDownButNeverRefuse() {
        LoginThrottle throttle = throttle(new ManualClock());
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ZERO, throttle.attempt("victim", "198.51.100." + i));
        }
        assertEquals(Duration.ofSeconds(2), throttle.attempt("victim", "192.0.2.200"));
        assertEquals(Duration.ZERO, throttle.attempt("bystander", "192.0.2.201"));
    }

    @Test
    void successClearsTheAccountAndAddressAndGivesTheAddressItsAttemptBack() {
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(3, 3, 100, Duration.ofSeconds(2)),
                new ManualClock(), dataSource);
        throttle.attempt("bob", "192.0.2.1");
        throttle.attempt("bob", "192.0.2.1");
        throttle.attempt("bob", "192.0.2.1");
        throttle.succeeded("bob", "192.0.2.1");
        assertDoesNotThrow(() -> throttle.attempt("bob", "192.0.2.1"));
        assertThrows(TooManyRequests.class, () -> throttle.attempt("dave", "192.0.2.1"));
    }

    @Test
    void parallelGuessesCannotSlipUnderTheLimit() throws Exception {
        LoginThrottle throttle = throttle(new ManualClock());
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> guesses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                guesses.add(pool.submit(() -> {
                    try {
                        throttle.attempt("victim", "198.51.100.1");
                        admitted.incrementAndGet();
                    } catch (TooManyRequests ignored) {
                        // refused, as it should be after ten
                    }
                }));
            }
            for (Future<?> guess : guesses) {
                guess.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, admitted.get());
    }

    @Test
    void twoNodesCountInTheSameRows() {
        ManualClock clock = new ManualClock();
        LoginThrottle one = throttle(clock);
        LoginThrottle other = throttle(clock);
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? one : other).attempt("alice", "203.0.113.9");
        }
        assertThrows(TooManyRequests.class, () -> one.attempt("alice", "203.0.113.9"), "five here and five there");
        assertThrows(TooManyRequests.class, () -> other.attempt("alice", "203.0.113.9"));
        other.succeeded("alice", "203.0.113.9");
        assertDoesNotThrow(() -> one.attempt("alice", "203.0.113.9"), "a success on one node clears it on both");
    }

    @Test
    void aFailureAnotherNodeWroteCounts() throws Exception {
        ManualClock clock = new ManualClock();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into login_failure "
                        + "(key, window_start, failures) values ('address:192.0.2.99', ?, 30)")) {
            insert.setObject(1, clock.instant().minusSeconds(20).atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        TooManyRequests refused = assertThrows(TooManyRequests.class,
                () -> throttle(clock).attempt("carol", "192.0.2.99"));
        assertEquals(40, refused.retryAfterSeconds(), "refused until that node's minute ends");
        assertEquals(30, failures("address:192.0.2.99"), "the refused attempt counted nothing");
        assertEquals(0, failures("pair:192.0.2.99 carol"));
    }

    @Test
    void aNewMinuteStartsAfreshAndThePurgeDropsFinishedOnes() throws Exception {
        ManualClock clock = new ManualClock();
        LoginThrottle throttle = throttle(clock);
        throttle.attempt("erin", "192.0.2.50");
        throttle.attempt("erin", "192.0.2.50");
        assertEquals(2, failures("pair:192.0.2.50 erin"));
        clock.advance(Duration.ofSeconds(61));
        throttle.attempt("erin", "192.0.2.51");
        assertEquals(0, throttle.purge(clock.instant().minusSeconds(2)), "nothing goes before its minute is over");
        assertEquals(2, throttle.purge(clock.instant()), "the pair and address rows of the old minute go");
        assertEquals(0, failures("pair:192.0.2.50 erin"));
        assertEquals(1, failures("account:erin"), "the account's count started a new minute, and stays");
        throttle.attempt("erin", "192.0.2.50");
        assertEquals(1, failures("pair:192.0.2.50 erin"), "counted from one again");
    }

    private int failures(String key) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select failures from login_failure where key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }
}
