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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per account and per client address over the last minute; past the limit, further
 * attempts are refused with 429 before the password is even checked. Kept per node, in memory.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final long WINDOW_MS = 60_000;
    private static final int MAX_KEYS = 100_000;

    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
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

    /** Throws {@link TooManyRequests} when this account or address has failed too often in the last minute. */
    public void check(String username, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(accountKey(username), now), waitMillis(addressKey(address), now));
        if (wait > 0) {
            throw new TooManyRequests("Too many failed logins. Try again in " + ((wait + 999) / 1000) + " seconds.",
                    (wait + 999) / 1000);
        }
    }

    public void failed(String username, String address) {
        long now = clock.millis();
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(entry -> waitMillis(entry.getKey(), now) == 0);
        }
        record(accountKey(username), now);
        record(addressKey(address), now);
    }

    public void succeeded(String username) {
        failures.remove(accountKey(username));
    }

    /** Forgets every failure (an operator unlocking accounts; tests). */
    public void reset() {
        failures.clear();
    }

    private void record(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    private long waitMillis(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < maxFailures) {
                return 0;
            }
            return times.peekFirst() + WINDOW_MS - now;
        }
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
