package dev.streamvcr.watch;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.notify.Notice;
import dev.streamvcr.notify.NotificationOutbox;
import dev.streamvcr.reservation.BookingRequest;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationService;
import dev.streamvcr.reservation.ResolutionJournal;
import dev.streamvcr.reservation.StateJournal;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.site.Resolution;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.TooManyRequests;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Checks due channel watches. Each tick claims watches whose next check has come with {@code FOR UPDATE SKIP LOCKED}
 * and a lease, so any number of nodes tick against one database and each watch is checked by one of them. A check
 * resolves the page as a booked page is resolved (the owner's site logins, the outbound policy); when a stream is
 * found and neither a recording of this watch runs nor this broadcast (its stream address) was recorded, it books an
 * ordinary reservation starting now. While that recording runs the page is still checked: once the channel has been
 * gone for the grace period the recording is stopped. The history gets a line when the outcome changes.
 */
@ApplicationScoped
public class WatchChecker {

    private static final Logger LOG = Logger.getLogger(WatchChecker.class);
    private static final int BATCH = 20;
    private static final DateTimeFormatter TITLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Inject
    EntityManager em;

    @Inject
    StreamVcrConfig config;

    @Inject
    NodeIdentity node;

    @Inject
    ResolutionJournal resolutions;

    @Inject
    ReservationService reservations;

    @Inject
    StateJournal journal;

    @Inject
    NotificationOutbox notices;

    /** What a check decided under the watch's lock; booking happens after, outside any transaction. */
    private record Decision(String bookSource, Viewer owner, String title, long maxLengthSeconds) {
    }

    /**
     * Checks up to {@value #BATCH} due watches, claiming each just before its check, so a slow page never holds the
     * lease of a watch that waits behind it.
     */
    @Scheduled(every = "${streamvcr.watch.tick}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            for (int i = 0; i < BATCH; i++) {
                List<Long> claimed = claimDue();
                if (claimed.isEmpty()) {
                    return;
                }
                claimed.forEach(this::check);
            }
        } catch (RuntimeException e) {
            LOG.error("Channel watch tick failed; trying again at the next tick", e);
        }
    }

    /** Claims the due, unpaused watch no node is checking that waited longest; its ID or none. Database times. */
    @Transactional
    List<Long> claimDue() {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("with due as (select id from channel_watch where paused = false"
                + " and next_check_at <= now() and (lease_until is null or lease_until < now())"
                + " order by next_check_at limit 1 for update skip locked)"
                + " update channel_watch w set lease_owner = ?1, lease_until = now() + make_interval(secs => ?2)"
                + " from due where w.id = due.id returning w.id")
                .setParameter(1, node.id())
                .setParameter(2, config.watch().lease().toMillis() / 1000.0)
                .getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Checks one claimed watch; never throws (a failure is the check's outcome, logged). */
    void check(long id) {
        try {
            ChannelWatch seen = QuarkusTransaction.requiringNew().call(() -> em.find(ChannelWatch.class, id));
            if (seen == null) {
                return;
            }
            boolean recording = QuarkusTransaction.requiringNew().call(() -> recording(seen.reservationId));
            if (!recording && !WatchHours.contains(Instant.now(), seen.fromTime, seen.untilTime, seen.days,
                    seen.timeZone)) {
                settle(id, WatchOutcome.OUTSIDE_HOURS, "Outside the watch's hours; the page is not checked.", null);
                return;
            }
            Resolution resolution;
            try {
                resolution = resolutions.resolve(seen.pageUrl, seen.owner.id);
            } catch (TooManyRequests e) {
                QuarkusTransaction.requiringNew().run(() -> retrySoon(id, e.retryAfterSeconds()));
                return;
            }
            Decision decision = QuarkusTransaction.requiringNew().call(() -> decide(id, resolution));
            if (decision != null) {
                book(id, decision);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Checking channel watch %d failed", id);
            settle(id, WatchOutcome.FAILED, "The check failed on the server; it is tried again at the next check.",
                    null);
        }
    }

    private boolean recording(Long reservationId) {
        if (reservationId == null) {
            return false;
        }
        Reservation reservation = Reservation.findById(reservationId);
        return reservation != null && !reservation.state.isFinal();
    }

    private static String endState(Long reservationId) {
        Reservation reservation = reservationId == null ? null : Reservation.findById(reservationId);
        return reservation == null ? "deleted" : reservation.state.label().toLowerCase(java.util.Locale.ROOT);
    }

    private Decision decide(long id, Resolution resolution) {
        ChannelWatch watch = em.find(ChannelWatch.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (watch == null) {
            return null;
        }
        Instant now = Instant.now();
        boolean recording = recording(watch.reservationId);
        if (resolution.found()) {
            String source = resolution.source();
            watch.offlineSince = null;
            if (recording) {
                record(watch, WatchOutcome.LIVE, "Live at " + RtmpSource.maskSecrets(source) + "; reservation "
                        + watch.reservationId + " records it.", watch.reservationId, false);
            } else if (source.equals(watch.lastSource)) {
                record(watch, WatchOutcome.RECORDED, "Still live at " + RtmpSource.maskSecrets(source) + ", but this "
                        + "broadcast's recording has ended (reservation " + watch.reservationId + ", "
                        + endState(watch.reservationId) + "); the next broadcast is recorded once the channel has "
                        + "gone offline.", watch.reservationId, false);
            } else if (watch.owner.disabled) {
                record(watch, WatchOutcome.FAILED, "Live, but the watch's owner is disabled; nothing is recorded.",
                        null, false);
            } else {
                AppUser owner = watch.owner;
                return new Decision(source, new Viewer(owner.id, owner.username, owner.isAdmin(), 0),
                        watch.title + " " + TITLE_TIME.format(now.atZone(java.time.ZoneId.of(watch.timeZone))),
                        watch.maxLengthSeconds);
            }
        } else if (resolution.loginFailed()) {
            record(watch, WatchOutcome.FAILED, "The page could not be checked: " + resolution.reason(),
                    watch.reservationId, false);
        } else if (recording) {
            if (watch.offlineSince == null) {
                watch.offlineSince = now;
            }
            Duration gone = Duration.between(watch.offlineSince, now);
            if (gone.compareTo(config.watch().grace()) >= 0) {
                String reason = "The watched channel went offline at " + watch.offlineSince.truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS) + " and did not come back within "
                        + config.watch().grace().toSeconds() + " s; the recording stopped, keeping what it holds.";
                reservations.stopFor(watch.reservationId, reason);
                watch.offlineSince = null;
                watch.lastSource = null;
                record(watch, WatchOutcome.OFFLINE, "The channel went offline; reservation " + watch.reservationId
                        + " was stopped. " + resolution.summary(), watch.reservationId, false);
            } else {
                record(watch, WatchOutcome.LIVE, "Not seen on the page since " + watch.offlineSince.truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS) + "; the recording goes on through the grace period.",
                        watch.reservationId, false);
            }
        } else {
            watch.lastSource = null;
            record(watch, WatchOutcome.OFFLINE, resolution.summary(), null, false);
        }
        return null;
    }

    /** Books the recording a check decided on, then notes it in the watch and in the reservation's history. */
    private void book(long id, Decision decision) {
        Reservation booked;
        try {
            booked = reservations.book(decision.owner(), new BookingRequest(decision.title(), pageOf(id), null, null,
                    decision.maxLengthSeconds(), null, null, null));
        } catch (FieldErrors e) {
            settle(id, WatchOutcome.FAILED, "Live at " + RtmpSource.maskSecrets(decision.bookSource())
                    + ", but the recording could not be booked: " + String.join(" ", e.fields().values()), null);
            return;
        } catch (TooManyRequests e) {
            QuarkusTransaction.requiringNew().run(() -> retrySoon(id, e.retryAfterSeconds()));
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Reservation reservation = Reservation.findById(booked.id);
            ChannelWatch watch = em.find(ChannelWatch.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (watch == null) {
                journal.note(reservation, "Booked by a channel watch that has since been deleted.");
                return;
            }
            journal.note(reservation, "Booked by the channel watch \"" + watch.title + "\" (" + watch.id
                    + "): the channel went live at " + RtmpSource.maskSecrets(decision.bookSource()) + ".");
            watch.reservationId = booked.id;
            watch.lastSource = decision.bookSource();
            watch.offlineSince = null;
            record(watch, WatchOutcome.LIVE, "Went live at " + RtmpSource.maskSecrets(decision.bookSource())
                    + "; recording it in reservation " + booked.id + ".", booked.id, true);
            notices.publish(Notice.channelLive(watch.owner.id, watch.title, booked.id, "The channel \""
                    + watch.title + "\" went live; it is being recorded as \"" + reservation.title + "\"."));
        });
    }

    private String pageOf(long id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ChannelWatch watch = em.find(ChannelWatch.class, id);
            if (watch == null) {
                throw new IllegalStateException("channel watch " + id + " was deleted during its check");
            }
            return watch.pageUrl;
        });
    }

    private void settle(long id, WatchOutcome outcome, String reason, Long reservationId) {
        QuarkusTransaction.requiringNew().run(() -> {
            ChannelWatch watch = em.find(ChannelWatch.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (watch != null) {
                record(watch, outcome, reason, reservationId, false);
            }
        });
    }

    /**
     * Ends a check: the outcome is the watch's, a history line is written only when it differs from the last one
     * (or a new recording was booked), the lease is given back and the next check is due after the interval plus up
     * to the jitter.
     */
    private void record(ChannelWatch watch, WatchOutcome outcome, String reason, Long reservationId,
            boolean newBooking) {
        Instant now = Instant.now();
        if (newBooking || outcome != watch.lastOutcome) {
            WatchEvent event = new WatchEvent();
            event.watchId = watch.id;
            event.at = now;
            event.outcome = outcome;
            event.reason = clip(reason);
            event.reservationId = reservationId;
            event.persist();
        }
        watch.lastOutcome = outcome;
        watch.lastReason = clip(reason);
        watch.lastCheckedAt = now;
        long jitterMillis = config.watch().jitter().toMillis();
        watch.nextCheckAt = now.plus(Duration.ofMinutes(watch.intervalMinutes))
                .plusMillis(jitterMillis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMillis + 1));
        watch.leaseOwner = null;
        watch.leaseUntil = null;
    }

    private void retrySoon(long id, long seconds) {
        ChannelWatch watch = em.find(ChannelWatch.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (watch != null && Objects.equals(watch.leaseOwner, node.id())) {
            watch.nextCheckAt = Instant.now().plusSeconds(Math.max(1, seconds));
            watch.leaseOwner = null;
            watch.leaseUntil = null;
        }
    }

    private static String clip(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 1997) + "...";
    }
}
