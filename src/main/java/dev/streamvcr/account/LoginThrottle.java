package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.TooManyRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts failed logins over the last minute, three ways. Per account and address, and per address whatever the
 * account: past those limits the address is refused with 429 before the password is checked. Per account from
 * every address, only past a much higher limit, and then with a delay rather than a refusal: nobody can lock an
 * account out, and a correct password from an address that has not failed always gets in. Kept per node, in
 * memory; the counting is a few map operations under one lock, the password check happens outside it.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final long WINDOW_MS = 60_000;
    private static final int MAX_KEYS = 100_000;

    /**
     * @param perAccountAndAddress failures of one account from one address before that address is refused for it
     * @param perAddress           failures from one address, at any accounts, before it is refused for all
     * @param perAccount           failures of one account from all addresses before each attempt at it waits
     * @param accountDelay         that wait
     */
    public record Limits(int perAccountAndAddress, int perAddress, int perAccount, Duration accountDelay) {
    }

    private final Map<String, Deque<Long>> failures = new HashMap<>();
    private final Clock clock;
    private final Limits limits;

    @Inject
    LoginThrottle(StreamVcrConfig config) {
        this(new Limits(config.auth().maxFailuresPerMinute(), config.auth().maxFailuresPerAddressPerMinute(),
                config.auth().accountSlowdownAfter(), config.auth().accountSlowdown()), Clock.systemUTC());
    }

    LoginThrottle(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Counts an attempt from {@code address} at {@code username} as failed before its password is checked, so
     * parallel guesses cannot all slip in under the limit; throws {@link TooManyRequests} (counting nothing) when
     * the address is over its limits. Returns how long the caller must wait before checking the password (zero
     * unless the account is under attack from many addresses). A successful attempt then calls {@link #succeeded}.
     */
    public synchronized Duration attempt(String username, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(pairKey(username, address), limits.perAccountAndAddress(), now),
                waitMillis(addressKey(address), limits.perAddress(), now));
        if (wait > 0) {
            throw new TooManyRequests("Too many failed logins from your address. Try again in " + ((wait + 999) / 1000)
                    + " seconds.", (wait + 999) / 1000);
        }
        if (failures.size() > MAX_KEYS) {
            failures.values().removeIf(times -> {
                prune(times, now);
                return times.isEmpty();
            });
        }
        boolean slowed = count(accountKey(username), now) >= limits.perAccount();
        record(pairKey(username, address), now);
        record(addressKey(address), now);
        record(accountKey(username), now);
        return slowed ? limits.accountDelay() : Duration.ZERO;
    }

    /** The attempt was right: the pair starts afresh, and the address and the account get their attempt back. */
    public synchronized void succeeded(String username, String address) {
        failures.remove(pairKey(username, address));
        for (String key : new String[] {addressKey(address), accountKey(username)}) {
            Deque<Long> times = failures.get(key);
            if (times != null) {
                times.pollLast();
            }
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

    private int count(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        return times.size();
    }

    private long waitMillis(String key, int limit, long now) {
        if (count(key, now) < limit) {
            return 0;
        }
        return failures.get(key).peekFirst() + WINDOW_MS - now;
    }

    private static void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MS) {
            times.removeFirst();
        }
    }

    private static String account(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private static String accountKey(String username) {
        return "account:" + account(username);
    }

    private static String pairKey(String username, String address) {
        return "pair:" + address + " " + account(username);
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
