package dev.streamvcr.reservation;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.site.Resolution;
import dev.streamvcr.web.Conflict;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Series: creating, listing, skipping an occurrence, editing and ending. Occurrences are booked as ordinary
 * reservations only a horizon ahead ({@code streamvcr.booking.series-horizon}, at least the next one), topped up every
 * {@value #TOP_UP_EVERY}: a series without an end would otherwise be an endless list; each occurrence is admitted
 * with the rules of the day it is booked (quota, the source's address policy and what it resolves to), and an edit
 * only has to touch the few already booked. Every read checks that the viewer may see the series.
 */
@ApplicationScoped
public class SeriesService {

    static final String TOP_UP_EVERY = "10m";
    /** Occurrences not yet booked that a series' page lists after the booked ones. */
    static final int UPCOMING_SHOWN = 10;

    private static final Logger LOG = Logger.getLogger(SeriesService.class);

    @Inject
    SeriesRules rules;

    @Inject
    ReservationService reservations;

    @Inject
    StateJournal journal;

    @Inject
    StreamVcrConfig config;

    /** Validates a series and books its occurrences within the horizon (at least the next); all of them or none. */
    public Series create(Viewer viewer, SeriesRequest request) {
        Instant now = Instant.now();
        SeriesRules.ValidSeries valid = rules.validate(request, null, now);
        SeriesRule rule = new SeriesRule(valid.rule().days(), valid.rule().time(), valid.rule().length(),
                valid.rule().zone(), valid.next().date(), valid.rule().count(), valid.rule().until());
        List<SeriesRule.Occurrence> due = due(rule, now, Set.of());
        Resolution resolution = reservations.admit(viewer, booking(valid.title(), valid.sourceUrl(),
                valid.rtmpOptions(), valid.hlsOptions(), due.get(0)));
        return QuarkusTransaction.requiringNew().call(() -> {
            Series series = new Series();
            series.owner = AppUser.findById(viewer.id());
            series.title = valid.title();
            series.sourceUrl = valid.sourceUrl();
            series.rtmpOptions = valid.rtmpOptions().isEmpty() ? null : valid.rtmpOptions();
            series.hlsOptions = valid.hlsOptions().isEmpty() ? null : valid.hlsOptions();
            apply(series, rule);
            series.createdAt = now;
            series.persist();
            for (SeriesRule.Occurrence occurrence : due) {
                reservations.storeOccurrence(viewer, booking(series, occurrence), resolution, series.id,
                        occurrence.date(), "Booked by " + viewer.username() + " as occurrence " + occurrence.number()
                                + " of the series \"" + series.title + "\".");
            }
            return series;
        });
    }

    private static void apply(Series series, SeriesRule rule) {
        series.weekdays = rule.dayCodes();
        series.startTime = rule.time();
        series.durationSeconds = rule.length().toSeconds();
        series.timeZone = rule.zone().getId();
        series.firstDate = rule.first();
        series.count = rule.count();
        series.untilDate = rule.until();
    }

    /** The occurrences to book now: those starting within the horizon, at least the next one, minus {@code booked}. */
    private List<SeriesRule.Occurrence> due(SeriesRule rule, Instant now, Set<LocalDate> booked) {
        Instant horizon = now.plus(horizon());
        // counted from the first day, however long ago: bounded by the horizon's date, not by a number
        List<SeriesRule.Occurrence> within = rule.occurrences(LocalDate.ofInstant(horizon, rule.zone()),
                Integer.MAX_VALUE).stream().filter(o -> o.startAt().isAfter(now)).toList();
        List<SeriesRule.Occurrence> due = new ArrayList<>();
        for (SeriesRule.Occurrence occurrence : within) {
            if (due.isEmpty() || occurrence.startAt().isBefore(horizon)) {
                due.add(occurrence);
            }
        }
        if (due.isEmpty()) {
            SeriesRules.next(rule, now).ifPresent(due::add);
        }
        return due.stream().filter(o -> !booked.contains(o.date())).toList();
    }

    /** The configured horizon, taken as the nearest bound when outside 1 hour to 366 days. */
    java.time.Duration horizon() {
        java.time.Duration configured = config.booking().seriesHorizon();
        java.time.Duration min = java.time.Duration.ofHours(1);
        java.time.Duration max = java.time.Duration.ofDays(366);
        return configured.compareTo(min) < 0 ? min : configured.compareTo(max) > 0 ? max : configured;
    }

    private static BookingRules.ValidBooking booking(Series s, SeriesRule.Occurrence occurrence) {
        return booking(s.title, s.sourceUrl, s.rtmpOptions == null ? "" : s.rtmpOptions,
                s.hlsOptions == null ? "" : s.hlsOptions, occurrence);
    }

    private static BookingRules.ValidBooking booking(String title, String sourceUrl, String rtmp, String hls,
            SeriesRule.Occurrence occurrence) {
        return new BookingRules.ValidBooking(title, sourceUrl, occurrence.startAt(), occurrence.endAt(), rtmp, hls,
                false);
    }

    /** The series the viewer may see: their own, or all for an admin; newest first. */
    @Transactional
    public List<SeriesView> list(Viewer viewer) {
        List<Series> all = viewer.admin() ? Series.list("order by id desc")
                : Series.list("owner.id = ?1 order by id desc", viewer.id());
        return all.stream().map(s -> SeriesView.of(s, null)).toList();
    }

    /** One series with its occurrences: the booked ones with their states, then the next few not yet booked. */
    @Transactional
    public SeriesView view(Viewer viewer, long id) {
        Series series = find(viewer, id, LockModeType.NONE);
        SeriesRule rule = series.rule();
        Instant now = Instant.now();
        List<Reservation> booked = Reservation.list("seriesId = ?1 order by startAt, id", series.id);
        List<SeriesView.OccurrenceView> occurrences = new ArrayList<>();
        Set<LocalDate> dates = booked.stream().map(r -> r.seriesDate).filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet());
        LocalDate lastDate = dates.stream().max(LocalDate::compareTo).orElse(rule.first());
        Map<LocalDate, SeriesRule.Occurrence> numbered = rule.occurrences(lastDate, Integer.MAX_VALUE).stream()
                .collect(Collectors.toMap(SeriesRule.Occurrence::date, Function.identity()));
        for (Reservation r : booked) {
            SeriesRule.Occurrence occurrence = r.seriesDate == null ? null : numbered.get(r.seriesDate);
            occurrences.add(new SeriesView.OccurrenceView(occurrence == null ? null : occurrence.number(), r.seriesDate,
                    r.startAt, r.endAt, SeriesView.local(rule, r.startAt), r.id, r.state,
                    dev.streamvcr.rtmp.client.RtmpSource.maskSecrets(r.stateReason),
                    series.endedAt == null && r.seriesDate != null && r.state == ReservationState.SCHEDULED
                            && r.startAt.isAfter(now)));
        }
        if (series.endedAt == null) {
            // the next ones not booked yet (a skipped one is booked, cancelled), looked for up to a year ahead
            rule.occurrences(LocalDate.ofInstant(now, rule.zone()).plusYears(1).plusDays(8), Integer.MAX_VALUE).stream()
                    .filter(o -> !dates.contains(o.date()) && o.startAt().isAfter(now)).limit(UPCOMING_SHOWN)
                    .forEach(o -> occurrences.add(new SeriesView.OccurrenceView(o.number(), o.date(), o.startAt(),
                            o.endAt(), SeriesView.local(rule, o.startAt()), null, null, null, true)));
            occurrences.sort(java.util.Comparator.comparing(SeriesView.OccurrenceView::startAt));
        }
        return SeriesView.of(series, occurrences);
    }

    private static Series find(Viewer viewer, long id, LockModeType lock) {
        Series series = Series.findById(id, lock);
        if (series == null || !viewer.maySee(series.owner.id)) {
            throw new NotFound("There is no series " + id + ".");
        }
        return series;
    }

    private static Viewer ownerOf(Series series) {
        return new Viewer(series.owner.id, series.owner.username, false, 0);
    }

    /**
     * Skips the occurrence on {@code date}: a booked one is cancelled, one not booked yet is stored cancelled so it
     * is never booked. One that has started or passed cannot be skipped (stop or cancel its reservation instead).
     */
    @Transactional
    public void skip(Viewer viewer, long id, LocalDate date) {
        Series series = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
        if (series.endedAt != null) {
            throw new Conflict("This series has ended; there is nothing left to skip.");
        }
        SeriesRule.Occurrence occurrence = series.rule().on(date)
                .orElseThrow(() -> new NotFound("The series has no occurrence on " + date + "."));
        if (!occurrence.startAt().isAfter(Instant.now())) {
            throw new Conflict("The occurrence on " + date + " has already started; stop or cancel its reservation "
                    + "instead.");
        }
        Reservation booked = Reservation.find("seriesId = ?1 and seriesDate = ?2", series.id, date)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        String reason = "Skipped by " + viewer.username() + ".";
        if (booked == null) {
            reservations.storeSkipped(ownerOf(series), booking(series, occurrence), series.id, date,
                    reason + " It was occurrence " + occurrence.number() + " of the series \"" + series.title + "\".");
        } else if (booked.state == ReservationState.SCHEDULED) {
            journal.transition(booked, ReservationState.CANCELLED, reason, null);
        } else {
            throw new Conflict("The occurrence on " + date + " is already "
                    + booked.state.label().toLowerCase(java.util.Locale.ROOT) + ".");
        }
    }

    /**
     * Changes a series: what it records and when. Occurrences already booked that have not started follow the change
     * (through the booking's own edit, so each change is in their history with who made it); one that no longer
     * falls on the series' days is cancelled and leaves the series; new ones are booked as the horizon allows.
     */
    public Series edit(Viewer viewer, long id, SeriesRequest request) {
        Instant now = Instant.now();
        Series current = QuarkusTransaction.requiringNew().call(() -> {
            Series found = find(viewer, id, LockModeType.NONE);
            if (found.endedAt != null) {
                throw new Conflict("This series has ended; it can no longer be changed.");
            }
            return found;
        });
        SeriesRules.ValidSeries valid = rules.validate(request, current, now);
        List<Long> follow = QuarkusTransaction.requiringNew().call(() -> {
            Series series = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
            series.title = valid.title();
            series.sourceUrl = valid.sourceUrl();
            series.rtmpOptions = valid.rtmpOptions().isEmpty() ? null : valid.rtmpOptions();
            series.hlsOptions = valid.hlsOptions().isEmpty() ? null : valid.hlsOptions();
            apply(series, valid.rule());
            series.problem = null;
            List<Long> ids = new ArrayList<>();
            List<Reservation> future = Reservation.list("seriesId = ?1 and seriesDate is not null and state = ?2 "
                    + "and startAt > ?3", series.id, ReservationState.SCHEDULED, now);
            for (Reservation r : future) {
                if (valid.rule().on(r.seriesDate).isEmpty()) {
                    journal.transition(r, ReservationState.CANCELLED, "Taken out of the series \"" + series.title
                            + "\" by " + viewer.username() + ": it no longer falls on one of its days.", null);
                    r.seriesDate = null;
                } else {
                    ids.add(r.id);
                }
            }
            return ids;
        });
        for (long reservationId : follow) {
            follow(viewer, reservationId, valid);
        }
        topUp(id);
        return QuarkusTransaction.requiringNew().call(() -> Series.<Series>findById(id));
    }

    /** Moves a booked occurrence to what the series now says; one that started meanwhile keeps its booking. */
    private void follow(Viewer viewer, long reservationId, SeriesRules.ValidSeries valid) {
        LocalDate date = QuarkusTransaction.requiringNew().call(() -> Reservation.<Reservation>findById(reservationId)
                .seriesDate);
        SeriesRule.Occurrence occurrence = valid.rule().on(date).orElseThrow();
        try {
            reservations.edit(viewer, reservationId, new EditRequest(valid.title(), valid.sourceUrl(),
                    occurrence.startAt().toString(), occurrence.endAt().toString(), null, null, valid.rtmpOptions(),
                    valid.hlsOptions()));
        } catch (Conflict | FieldErrors e) {
            LOG.infof("Occurrence %d of a series kept its booking: %s", reservationId, e.getMessage());
        }
    }

    /** Ends a series: nothing more is booked, and its occurrences that have not started are cancelled. */
    @Transactional
    public Series end(Viewer viewer, long id) {
        Series series = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
        if (series.endedAt != null) {
            throw new Conflict("This series has already ended.");
        }
        series.endedAt = Instant.now();
        List<Reservation> waiting = Reservation.list("seriesId = ?1 and state = ?2", series.id,
                ReservationState.SCHEDULED);
        for (Reservation r : waiting) {
            journal.transition(r, ReservationState.CANCELLED, "The series \"" + series.title + "\" was ended by "
                    + viewer.username() + ".", null);
        }
        return series;
    }

    @Scheduled(every = TOP_UP_EVERY, delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void topUpAll() {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> Series.<Series>list("endedAt is null").stream()
                .map(s -> s.id).toList());
        for (long id : ids) {
            try {
                topUp(id);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not book the next occurrences of series %d; trying again in %s", id, TOP_UP_EVERY);
            }
        }
    }

    /**
     * Books the occurrences of a series that have come within the horizon, each admitted as a booking is. When one
     * is refused (e.g. the quota is full), the reason is kept on the series, shown on its page, and it is tried again
     * at the next top-up. Several nodes may run this at once: the series' row lock makes the second find them booked.
     */
    public void topUp(long id) {
        Instant now = Instant.now();
        Series series = QuarkusTransaction.requiringNew().call(() -> Series.<Series>findById(id));
        if (series == null || series.endedAt != null) {
            return;
        }
        List<SeriesRule.Occurrence> due = due(series.rule(), now,
                QuarkusTransaction.requiringNew().call(() -> bookedDates(id)));
        if (due.isEmpty()) {
            return;
        }
        Viewer owner = ownerOf(series);
        Resolution resolution;
        try {
            resolution = reservations.admit(owner, booking(series, due.get(0)));
        } catch (FieldErrors e) {
            QuarkusTransaction.requiringNew().run(() -> Series.update("problem = ?1 where id = ?2",
                    "The occurrence on " + due.get(0).date() + " could not be booked: " + e.getMessage(), id));
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Series locked = Series.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (locked == null || locked.endedAt != null) {
                return;
            }
            Set<LocalDate> booked = bookedDates(id);
            for (SeriesRule.Occurrence occurrence : due(locked.rule(), now, booked)) {
                reservations.storeOccurrence(owner, booking(locked, occurrence), resolution, locked.id,
                        occurrence.date(), "Booked for " + owner.username() + " by the series \"" + locked.title
                                + "\" (occurrence " + occurrence.number() + ").");
            }
            locked.problem = null;
        });
    }

    private static Set<LocalDate> bookedDates(long seriesId) {
        return Reservation.<Reservation>list("seriesId = ?1 and seriesDate is not null", seriesId).stream()
                .map(r -> r.seriesDate).collect(Collectors.toSet());
    }
}
