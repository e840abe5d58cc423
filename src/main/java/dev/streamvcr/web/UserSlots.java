package dev.streamvcr.web;

import java.util.HashMap;
import java.util.Map;

/**
 * How many of one costly thing (a page resolution, an open live page) each user may have going at once. Past that, the
 * user gets {@link TooManyRequests} (429 with Retry-After) instead of a queue, and other users are not slowed. In
 * memory, per node; thread-safe.
 */
public final class UserSlots {

    private final int perUser;
    private final long retryAfterSeconds;
    private final String busy;
    private final Map<Long, Integer> inUse = new HashMap<>();

    /**
     * @param busy the message of the 429, e.g. "You are already resolving 2 pages; try again when one is done."
     */
    public UserSlots(int perUser, long retryAfterSeconds, String busy) {
        this.perUser = Math.max(1, perUser);
        this.retryAfterSeconds = retryAfterSeconds;
        this.busy = busy;
    }

    /** A slot for the caller to close (exactly once is enough; twice is safe). */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes one of {@code userId}'s slots, or throws {@link TooManyRequests} when all are taken. */
    public synchronized Slot acquire(long userId) {
        int taken = inUse.getOrDefault(userId, 0);
        if (taken >= perUser) {
            throw new TooManyRequests(busy, retryAfterSeconds);
        }
        inUse.put(userId, taken + 1);
        boolean[] released = {false};
        return () -> release(userId, released);
    }

    private synchronized void release(long userId, boolean[] released) {
        if (released[0]) {
            return;
        }
        released[0] = true;
        inUse.computeIfPresent(userId, (id, taken) -> taken <= 1 ? null : taken - 1);
    }

    /** How many slots {@code userId} holds now. */
    public synchronized int taken(long userId) {
        return inUse.getOrDefault(userId, 0);
    }
}
