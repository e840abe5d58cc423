package dev.streamvcr.reservation;

import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.storage.RecordingStore;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.Formats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a booking fits, checked at booking so that a recording is not refused (or cut short by a full disk) when
 * it is due. Storage: the bytes it is expected to record, plus those of every unfinished booking that records before
 * it ends, must fit into the storage's free space above the floor. Expected bytes are the source's bitrate as its
 * earlier completed recordings show it, else the configured default, times the time still to record. Concurrency:
 * at no moment of its window may more than the configured number of recordings be booked, over all nodes (the
 * bookings are in the one database), nor more than the running nodes' capacities together (the node roster). A booking is checked twice: early, before its page is resolved, and in the
 * transaction that stores it, under a lock every node's booking takes ({@link #requireHeld}), so two bookings made
 * at once are checked one after the other.
 */
@ApplicationScoped
class Admission {

    private static final Set<ReservationState> UNFINISHED = EnumSet.of(ReservationState.SCHEDULED,
            ReservationState.RESOLVING, ReservationState.WAITING_FOR_STREAM, ReservationState.RECORDING,
            ReservationState.RECONNECTING);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Inject
    StreamVcrConfig config;

    @Inject
    RecordingStore store;

    @Inject
    RecordingLookup recordings;

    @Inject
    NodeIdentity node;

    /** Bytes a booking is expected to record, at {@code bitsPerSecond}; {@code learnt} when earlier recordings said so. */
    record Estimate(long bytes, long bitsPerSecond, boolean learnt) {
        String rate() {
            return String.format(Locale.ROOT, "%.1f Mbit/s, %s", bitsPerSecond / 1e6,
                    learnt ? "as earlier recordings of this source" : "the usual estimate for a source not recorded yet");
        }
    }

    /** What recording {@code sourceUrl} from {@code from} to {@code to} is expected to take; inside a transaction. */
    Estimate estimate(String sourceUrl, Instant from, Instant to) {
        return estimate(sourceUrl, from, to, new HashMap<>());
    }

    private Estimate estimate(String sourceUrl, Instant from, Instant to, Map<String, Estimate> rates) {
        Estimate rate = rates.computeIfAbsent(sourceUrl, url -> {
            java.util.OptionalLong learnt = recordings.bytesPerSecondOf(url);
            return learnt.isPresent() ? new Estimate(0, learnt.getAsLong() * 8, true)
                    : new Estimate(0, config.admission().defaultBitrate(), false);
        });
        long millis = Math.max(0, Duration.between(from, to).toMillis());
        return new Estimate(rate.bitsPerSecond() / 8 * millis / 1000, rate.bitsPerSecond(), rate.learnt());
    }

    /** PostgreSQL advisory lock key of admission: "SVCRADM1". */
    private static final long LOCK = 0x5356_4352_4144_4d31L;

    /**
     * {@link #require} under the admission lock, held until the caller's transaction ends: call it in the transaction
     * that stores the booking.
     */
    void requireHeld(BookingRules.ValidBooking booking, Instant now) {
        requireHeld(booking, now, null);
    }

    /** {@link #requireHeld(BookingRules.ValidBooking, Instant)} of a change to reservation {@code changed}. */
    void requireHeld(BookingRules.ValidBooking booking, Instant now, Long changed) {
        Reservation.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK)
                .getSingleResult();
        require(booking, now, changed);
    }

    /**
     * Refuses {@code booking} with {@link FieldErrors} when it would pass the cap of recordings at once
     * ({@code startAt}) or not fit into the storage ({@code durationSeconds}); inside a transaction, blocking (it
     * reads the file system's free space).
     */
    void require(BookingRules.ValidBooking booking, Instant now) {
        require(booking, now, null);
    }

    /** {@link #require(BookingRules.ValidBooking, Instant)} leaving reservation {@code changed} (if any) out. */
    private void require(BookingRules.ValidBooking booking, Instant now, Long changed) {
        Instant from = booking.startAt().isAfter(now) ? booking.startAt() : now;
        List<Reservation> due = Reservation.<Reservation>list("state in ?1 and startAt < ?2 and endAt > ?3",
                UNFINISHED, booking.endAt(), now).stream().filter(r -> !r.id.equals(changed)).toList();
        requireConcurrency(booking, due);
        Map<String, Estimate> rates = new HashMap<>();
        Estimate needed = estimate(booking.sourceUrl(), from, booking.endAt(), rates);
        long others = 0;
        for (Reservation other : due) {
            others += estimate(other.sourceUrl, other.startAt.isAfter(now) ? other.startAt : now, other.endAt, rates)
                    .bytes();
        }
        long free = store.freeBytes();
        long floor = store.minFree();
        long room = free - floor - others;
        if (needed.bytes() > room) {
            throw FieldErrors.of("durationSeconds", "This booking needs about " + Formats.humanBytes(needed.bytes())
                    + " (" + needed.rate() + "); " + (room > 0 ? Formats.humanBytes(room) + " is" : "nothing is")
                    + " free after the " + Formats.humanBytes(floor) + " floor"
                    + (due.isEmpty() ? "" : " and the " + count(due.size(), "other booking") + " due before it ends ("
                            + Formats.humanBytes(others) + ")")
                    + ", of " + Formats.humanBytes(free) + " free on the recording storage. Book a shorter "
                    + "recording, or make room first.");
        }
    }

    /**
     * What the running nodes may record at once together: this node's capacity and that of every other node in the
     * roster seen within {@link #ROSTER_FRESH} (a crashed node's row goes stale).
     */
    int liveCapacity() {
        Number others = (Number) Reservation.getEntityManager().createNativeQuery("select coalesce(sum(capacity), 0)"
                + " from node_roster where node_id <> :node and seen_at > now() - make_interval(secs => :fresh)")
                .setParameter("node", node.id()).setParameter("fresh", ROSTER_FRESH.toSeconds()).getSingleResult();
        return (int) Math.min(Integer.MAX_VALUE, others.longValue() + config.nodeCapacity());
    }

    /** How recently a node must have renewed its roster row to count (it does every 10 s). */
    static final Duration ROSTER_FRESH = Duration.ofMinutes(1);

    /**
     * The most bookings at one moment of the window, this one included, must stay within the cap of recordings at
     * once, and within what the running nodes can record together.
     */
    private void requireConcurrency(BookingRules.ValidBooking booking, List<Reservation> due) {
        int cap = config.admission().maxConcurrent();
        int nodes = liveCapacity();
        int max = Math.min(cap, nodes);
        List<long[]> changes = new ArrayList<>(); // {time, +1 start / -1 end}, ends before starts at one instant
        for (Reservation other : due) {
            if (other.startAt.isBefore(booking.endAt()) && other.endAt.isAfter(booking.startAt())) {
                Instant start = other.startAt.isAfter(booking.startAt()) ? other.startAt : booking.startAt();
                changes.add(new long[] {start.toEpochMilli(), 1});
                changes.add(new long[] {other.endAt.toEpochMilli(), -1});
            }
        }
        changes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int booked = 0;
        int peak = 0;
        long peakAt = booking.startAt().toEpochMilli();
        for (long[] change : changes) {
            booked += (int) change[1];
            if (booked > peak) {
                peak = booked;
                peakAt = change[0];
            }
        }
        if (peak + 1 > max) {
            String already = count(peak, "recording") + " " + (peak == 1 ? "is" : "are") + " already booked at "
                    + MINUTE.format(Instant.ofEpochMilli(peakAt));
            throw FieldErrors.of("startAt", nodes < cap
                    ? already + ", and the StreamVCR nodes running now can record at most " + nodes + " at once "
                            + "together (STREAMVCR_NODE_CAPACITY of each). Choose another time, or start another node."
                    : already + ", and at most " + max + " may record at once. Choose another time.");
        }
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
