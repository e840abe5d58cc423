package dev.streamvcr.schedule;

import dev.streamvcr.config.FailureStreak;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.recording.Recording;
import dev.streamvcr.recording.SessionRegistry;
import dev.streamvcr.reservation.Leases;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.StateJournal;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Hands due work to recording sessions. Each tick claims reservations whose (pre-rolled) start has come and
 * that no live node holds, with {@code FOR UPDATE SKIP LOCKED} so any number of nodes can tick against one
 * database without taking the same work twice. A lease that is not renewed expires and the work is claimed
 * again — by another node, or by this one after a restart — and continues into a new part. A node runs at most
 * {@code STREAMVCR_NODE_CAPACITY} sessions; due work past that stays in the table for another node, or for this one
 * once a session ends.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int BATCH = 100;
    static final String IDENTITY = "dispatcher";
    /** Nobody holds the work (see {@link Leases}). */
    static final String LEASE_LAPSED = Leases.lapsed("");
    private static final String UNFINISHED = "('SCHEDULED','RESOLVING','WAITING_FOR_STREAM','RECORDING','RECONNECTING')";

    @Inject
    EntityManager em;

    @Inject
    StateJournal journal;

    @Inject
    StreamVcrConfig config;

    @Inject
    NodeIdentity node;

    @Inject
    SessionRegistry sessions;

    @Inject
    RecordingStore storage;

    private volatile String storageProblems = "";
    private final FailureStreak failures = new FailureStreak(LOG, "Dispatching due work");

    /** A restarted node takes its own unfinished work back at the next tick instead of waiting out its old lease. */
    @Transactional
    void onStart(@Observes StartupEvent event) {
        int released = em.createNativeQuery("update reservation set lease_until = now() where lease_owner = ?1 "
                + "and state in " + UNFINISHED).setParameter(1, node.id()).executeUpdate();
        if (released > 0) {
            LOG.infof("Taking back %d unfinished reservation(s) this node held before it stopped", released);
        }
    }

    /** A node that may run no session would hold no work at all: refuse to start rather than idle unnoticed. */
    void checkCapacity(@Observes StartupEvent event) {
        if (config.nodeCapacity() < 1) {
            throw new IllegalStateException("STREAMVCR_NODE_CAPACITY must be at least 1, not " + config.nodeCapacity());
        }
    }

    @Scheduled(identity = IDENTITY, every = "${streamvcr.schedule.tick}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            dispatch();
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /**
     * One tick: settles what ended unheld, then claims everything due that this node has room for, batch after batch
     * (each its own short transaction, so no lock is held while the next batch is read), until a batch comes back short
     * or the node is full. Each claimed reservation's session is started as soon as its batch commits; starting only
     * deploys a verticle, so no session waits on another's connect. Returns the number of sessions started.
     */
    public int dispatch() {
        int settled;
        do {
            settled = settleExpired();
        } while (settled == BATCH);
        if (!storageTakesWork()) {
            return 0;
        }
        int started = 0;
        long claimNanos = 0;
        long startNanos = 0;
        while (true) {
            int room = config.nodeCapacity() - sessions.count();
            if (room <= 0) {
                break;
            }
            int limit = Math.min(BATCH, room);
            long before = System.nanoTime();
            Batch batch = claimDue(limit);
            long claimedAt = System.nanoTime();
            batch.claimed().forEach(sessions::start);
            claimNanos += claimedAt - before;
            startNanos += System.nanoTime() - claimedAt;
            started += batch.claimed().size();
            if (batch.rows() < limit) {
                break;
            }
        }
        if (started > 0) {
            LOG.debugf("Claimed %d reservation(s) in %d ms and started their sessions in %d ms; %d session(s) run here",
                    started, claimNanos / 1_000_000, startNanos / 1_000_000, sessions.count());
        }
        return started;
    }

    /**
     * Whether this node's storage can take a recording; while it cannot (not writable, below its floor), due work is
     * left to the other nodes, which would otherwise lose it to this one only to see it fail here. Said once per
     * change in the log.
     */
    private boolean storageTakesWork() {
        java.util.List<String> problems = storage.problems();
        String now = String.join("; ", problems);
        if (!now.equals(storageProblems)) {
            if (problems.isEmpty()) {
                LOG.info("The storage takes recordings again; claiming due work");
            } else {
                LOG.warnf("Claiming no recordings while the storage cannot take them: %s", now);
            }
            storageProblems = now;
        }
        return problems.isEmpty();
    }

    /** What one claim took: the rows it leased, and those of them that need a new session here. */
    record Batch(int rows, List<Long> claimed) {
    }

    /**
     * Claims due work for this node and moves it to RESOLVING; returns the newly claimed reservation IDs. Times
     * are the database's ({@code now()}), so nodes with skewed clocks still agree on when a lease has run out.
     * Work this node is still running (its lease lapsed only because heartbeats were late) keeps running: the
     * claim just renews the lease. At most {@code limit} rows are claimed.
     */
    @Transactional
    Batch claimDue(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("with due as (select id, lease_owner from reservation"
                + " where state in " + UNFINISHED + " and start_at <= now() + make_interval(secs => :preroll)"
                + " and end_at > now() and " + LEASE_LAPSED + " and stop_requested = false"
                + " order by start_at limit :limit for update skip locked)"
                + " update reservation r set lease_owner = :node, lease_until = now() + make_interval(secs => :lease)"
                + " from due where r.id = due.id returning r.id, due.lease_owner")
                .setParameter("preroll", config.schedule().preroll().toMillis() / 1000.0)
                .setParameter("node", node.id())
                .setParameter("lease", config.schedule().lease().toMillis() / 1000.0)
                .setParameter("limit", limit)
                .getResultList();
        List<Long> claimed = new ArrayList<>();
        if (!rows.isEmpty()) {
            // one read for the whole batch instead of one per reservation below
            em.createQuery("from Reservation r join fetch r.owner where r.id in :ids", Reservation.class)
                    .setParameter("ids", rows.stream().map(row -> ((Number) row[0]).longValue()).toList())
                    .getResultList();
        }
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            String previousOwner = (String) row[1];
            if (node.id().equals(previousOwner) && sessions.isRunning(id)) {
                continue;
            }
            Reservation reservation = em.find(Reservation.class, id);
            journal.transition(reservation, ReservationState.RESOLVING, claimReason(reservation, previousOwner), node.id());
            claimed.add(id);
        }
        return new Batch(rows.size(), claimed);
    }

    private String claimReason(Reservation reservation, String previousOwner) {
        if (reservation.state == ReservationState.SCHEDULED) {
            return "Start time reached; preparing to connect.";
        }
        if (node.id().equals(previousOwner)) {
            return "Continuing after this node restarted; the recording goes on in a new part.";
        }
        return "Continuing the work of node " + previousOwner + ", which stopped renewing its lease; "
                + "the recording goes on in a new part.";
    }

    /**
     * Ends work whose booked window is over while no node holds it, and stops that were asked of a dead node; at most
     * one batch. Returns how many it settled.
     */
    @Transactional
    int settleExpired() {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select id from reservation where state in " + UNFINISHED
                + " and " + LEASE_LAPSED + " and (end_at <= now() or stop_requested)"
                + " limit " + BATCH + " for update skip locked")
                .setParameter("node", node.id())
                .setParameter("lease", config.schedule().lease().toMillis() / 1000.0)
                .getResultList();
        int settled = 0;
        for (Number id : ids) {
            Reservation reservation = em.find(Reservation.class, id.longValue());
            if (node.id().equals(reservation.leaseOwner) && sessions.isRunning(reservation.id)) {
                // its lease lapsed only because heartbeats failed (the database restarted): the session ends itself
                continue;
            }
            settled++;
            boolean recorded = Recording.forReservation(reservation.id).map(r -> r.bytes > 0).orElse(false);
            if (reservation.state == ReservationState.SCHEDULED && !reservation.stopRequested) {
                journal.transition(reservation, ReservationState.MISSED,
                        "The booked time passed while no StreamVCR node was running.", node.id());
            } else if (reservation.stopRequested) {
                journal.transition(reservation, recorded ? ReservationState.COMPLETED : ReservationState.CANCELLED,
                        reservation.stopReason, node.id());
            } else if (recorded) {
                journal.transition(reservation, ReservationState.COMPLETED, "The booked end came while the node "
                        + reservation.leaseOwner + " that was recording had stopped; what it recorded is kept.", node.id());
            } else {
                journal.transition(reservation, ReservationState.FAILED, "The node " + reservation.leaseOwner
                        + " stopped before anything was recorded, and the booked time is over.", node.id());
            }
            reservation.leaseOwner = null;
            reservation.leaseUntil = null;
            Recording.forReservation(reservation.id).filter(r -> r.finishedAt == null)
                    .ifPresent(r -> r.finishedAt = now);
        }
        return settled;
    }
}
