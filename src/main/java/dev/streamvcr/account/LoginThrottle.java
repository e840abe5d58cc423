package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.TooManyRequests;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Counts failed logins over a minute, three ways. Per account and address, and per address whatever the account:
 * past those limits the address is refused with 429 before the password is checked. Per account from every address,
 * only past a much higher limit, and then with a delay rather than a refusal: nobody can lock an account out, and a
 * correct password from an address that has not failed always gets in.
 *
 * <p>The counts are rows in PostgreSQL, so every node counts in the same ones and guesses spread over nodes add up. A
 * count's minute starts at its first failure; when it is over, the next failure starts a new one. Each attempt is one
 * upsert of its three rows in one transaction, which locks them (always in the same order) until it ends, so
 * parallel guesses on any nodes cannot all slip in under the limit; an attempt that is refused is rolled back and
 * counts nothing. The password check happens after the transaction.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** Longer account names are counted by their hash, so a guess cannot make a row of any size. */
    private static final int MAX_NAME_IN_KEY = 200;

    private static final String UPSERT_ONE = "(?, ?, 1)";
    private static final String UPSERT = "insert into login_failure (key, window_start, failures) values %s "
            + "on conflict (key) do update set "
            + "window_start = case when login_failure.window_start <= ? then excluded.window_start "
            + "else login_failure.window_start end, "
            + "failures = case when login_failure.window_start <= ? then 1 else login_failure.failures + 1 end "
            + "returning key, window_start, failures";

    /**
     * @param perAccountAndAddress failures of one account from one address before that address is refused for it
     * @param perAddress           failures from one address, at any accounts, before it is refused for all
     * @param perAccount           failures of one account from all addresses before each attempt at it waits
     * @param accountDelay         that wait
     */
    public record Limits(int perAccountAndAddress, int perAddress, int perAccount, Duration accountDelay) {
    }

    private record Count(Instant windowStart, int failures) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Limits limits;

    @Inject
    LoginThrottle(StreamVcrConfig config, DataSource dataSource) {
        this(new Limits(config.auth().maxFailuresPerMinute(), config.auth().maxFailuresPerAddressPerMinute(),
                config.auth().accountSlowdownAfter(), config.auth().accountSlowdown()), Clock.systemUTC(), dataSource);
    }

    LoginThrottle(Limits limits, Clock clock, DataSource dataSource) {
        this.limits = limits;
        this.clock = clock;
        this.dataSource = dataSource;
    }

    /**
     * Counts an attempt from {@code address} at {@code username} as failed before its password is checked, so
     * parallel guesses cannot all slip in under the limit; throws {@link TooManyRequests} (counting nothing) when
     * the address is over its limits. Returns how long the caller must wait before checking the password (zero
     * unless the account is under attack from many addresses). A successful attempt then calls {@link #succeeded}.
     */
    public Duration attempt(String username, String address) {
        Instant now = clock.instant();
        String pair = pairKey(username, address);
        String addressKey = addressKey(address);
        String account = accountKey(username);
        Map<String, Count> counts;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                counts = count(connection, now, pair, addressKey, account);
                long wait = Math.max(waitMillis(counts.get(pair), limits.perAccountAndAddress(), now),
                        waitMillis(counts.get(addressKey), limits.perAddress(), now));
                if (wait > 0) {
                    connection.rollback();
                    long seconds = (wait + 999) / 1000;
                    throw new TooManyRequests("Too many failed logins from your address. Try again in " + seconds
                            + " seconds.", seconds);
                }
                connection.commit();
            } finally {
                connection.rollback(); // nothing left to undo after a commit; all of it after a failure
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the login attempt: " + e.getMessage(), e);
        }
        return counts.get(account).failures() > limits.perAccount() ? limits.accountDelay() : Duration.ZERO;
    }

    /** Adds one failure to each key (sorted, so two attempts lock shared rows in the same order) and reads them. */
    private static Map<String, Count> count(Connection connection, Instant now, String... keys) throws SQLException {
        TreeSet<String> sorted = new TreeSet<>(List.of(keys));
        String sql = String.format(UPSERT, String.join(", ", Collections.nCopies(sorted.size(), UPSERT_ONE)));
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        OffsetDateTime expired = now.minus(WINDOW).atOffset(ZoneOffset.UTC);
        Map<String, Count> counts = new HashMap<>();
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            int i = 1;
            for (String key : sorted) {
                upsert.setString(i++, key);
                upsert.setObject(i++, at);
            }
            upsert.setObject(i++, expired);
            upsert.setObject(i, expired);
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), new Count(rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getInt(3)));
                }
            }
        }
        return counts;
    }

    /** How long the key is refused when this attempt took it over {@code limit}; zero when it did not. */
    private static long waitMillis(Count count, int limit, Instant now) {
        if (count.failures() <= limit) {
            return 0;
        }
        return Math.max(1, Duration.between(now, count.windowStart().plus(WINDOW)).toMillis());
    }

    /** The attempt was right: the pair starts afresh, and the address and the account get their attempt back. */
    public void succeeded(String username, String address) {
        update("delete from login_failure where key = ?", pairKey(username, address));
        update("update login_failure set failures = failures - 1 where key in (?, ?) and failures > 0",
                addressKey(address), accountKey(username));
    }

    /** Forgets every failure (an operator unlocking accounts; tests). */
    public void reset() {
        update("delete from login_failure");
    }

    /** Drops the counts whose minute is over; a new failure would start them again from one anyway. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        purge(clock.instant());
    }

    /** Drops the counts whose minute was over at {@code now}; returns how many. */
    int purge(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "delete from login_failure where window_start <= ?")) {
            delete.setObject(1, now.minus(WINDOW).atOffset(ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot purge old login failures: " + e.getMessage(), e);
        }
    }

    private void update(String sql, String... keys) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < keys.length; i++) {
                statement.setString(i + 1, keys[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the login failures: " + e.getMessage(), e);
        }
    }

    private static String account(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (name.length() <= MAX_NAME_IN_KEY) {
            return name;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
