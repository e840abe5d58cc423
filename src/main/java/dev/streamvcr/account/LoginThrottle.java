package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.TooManyRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.HashMap;

/**
 * Counts failed logins per account and per client address over the last minute; past the limit, further
 * attempts are refused with 429 before the password is even checked. Kept per node, in memory; the counting is
 * a few map operations under one lock, the password check happens outside it.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final long WINDOW_MS = 60_000;
    private static final int MAX_KEYS = 100_000;

    private final Map<String, Deque<Long>> failures = new HashMap<>();
    private final Clock clock;
    private final int maxFailures;

    @Inject
    LoginThrottle(StreamVcrConfig config) {
        this(config.auth().maxFailuresPerMinute(), Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, Clock clock) {
        this.maxFailures = maxFailures;
        this.clock = clock;
    }

    /**
     * Counts an attempt from {@code address} at {@code username} as failed before its password is checked, so
     * parallel guesses cannot all slip in under the limit; throws {@link TooManyRequests} (counting nothing) when
     * the account or the address is over the limit. A successful attempt then calls {@link #succeeded}.
     */
    public synchronized void attempt(String username, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(accountKey(username), now), waitMillis(addressKey(address), now));
        if (wait > 0) {
            throw new TooManyRequests("Too many failed logins. Try again in " + ((wait + 999) / 1000) + " seconds.",
                    (wait + 999) / 1000);
        }
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(entry -> waitMillis(entry.getKey(), now) == 0);
        }
        record(accountKey(username), now);
        record(addressKey(address), now);
    }

    /** The attempt was right: the account starts afresh and the address gets its attempt back. */
    public synchronized void succeeded(String username, String address) {
        failures.remove(accountKey(username));
        Deque<Long> times = failures.get(addressKey(address));
        if (times != null) {
            times.pollLast();
        }
    }

    /** Forgets every failure (an operator unlocking accounts; tests). */
    public synchronized void reset() {
        failures.clear();
    }

    private void record(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
    }

    private long waitMillis(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        if (times.size() < maxFailures) {
            return 0;
        }
        return times.peekFirst() + WINDOW_MS - now;
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MS) {
            times.removeFirst();
        }
    }

    private static String accountKey(String username) {
        return "account:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
