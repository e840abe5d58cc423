package dev.streamvcr.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which refusals get a row of their own. Within a minute, a refusal of the same kind (address, user, action,
 * recording, reason) as one already stored only adds to that row's count; and each address gets at most
 * {@code maxRowsPerMinute} rows a minute, after which its refusals are counted in one summary row. In memory, per
 * node; thread-safe.
 */
final class RefusalDigest {

    static final long WINDOW_MS = 60_000;
    private static final int MAX_KINDS = 50_000;

    /** What happens to one refusal: stored as a new row (under {@code key}), or counted in row {@code eventId}. */
    record Verdict(boolean store, String key, boolean summary, Long eventId) {
    }

    /** A repeat count not yet added to its row. */
    record Pending(long eventId, int repeats) {
    }

    private static final class Kind {
        final long since;
        Long eventId;
        int pending;

        Kind(long since) {
            this.since = since;
        }
    }

    private final int maxRowsPerMinute;
    private final Map<String, Kind> kinds = new HashMap<>();
    private final Map<String, List<Long>> rowsByAddress = new HashMap<>();

    RefusalDigest(int maxRowsPerMinute) {
        this.maxRowsPerMinute = maxRowsPerMinute;
    }

    synchronized Verdict admit(String address, String kind, long now) {
        expire(now);
        String key = address + "\n" + kind;
        Kind known = kinds.get(key);
        boolean summary = false;
        if (known == null) {
            List<Long> rows = rowsByAddress.computeIfAbsent(address, a -> new ArrayList<>());
            rows.removeIf(at -> at <= now - WINDOW_MS);
            if (rows.size() >= maxRowsPerMinute || kinds.size() >= MAX_KINDS) {
                key = address + "\nsummary";
                summary = true;
                known = kinds.get(key);
            } else {
                rows.add(now);
            }
        }
        if (known == null) {
            kinds.put(key, new Kind(now));
            return new Verdict(true, key, summary, null);
        }
        known.pending++;
        return new Verdict(false, key, summary, known.eventId);
    }

    /** The row stored for the refusal {@link #admit} let through as {@code key}. */
    synchronized void stored(String key, long eventId) {
        Kind kind = kinds.get(key);
        if (kind != null) {
            kind.eventId = eventId;
        }
    }

    /** The counts to add to rows, taken out of the digest. */
    synchronized List<Pending> drain() {
        List<Pending> pending = new ArrayList<>();
        for (Kind kind : kinds.values()) {
            if (kind.pending > 0 && kind.eventId != null) {
                pending.add(new Pending(kind.eventId, kind.pending));
                kind.pending = 0;
            }
        }
        return pending;
    }

    /** Forgets kinds older than the window whose counts were drained. */
    private void expire(long now) {
        kinds.values().removeIf(kind -> kind.since <= now - WINDOW_MS && kind.pending == 0);
        rowsByAddress.values().removeIf(rows -> rows.stream().allMatch(at -> at <= now - WINDOW_MS));
    }
}
