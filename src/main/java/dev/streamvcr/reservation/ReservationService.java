package dev.streamvcr.reservation;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.site.Resolution;
import dev.streamvcr.site.login.SiteChecks;
import dev.streamvcr.web.Conflict;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Booking, listing, cancelling and stopping reservations; every read checks that the viewer may see it. */
@ApplicationScoped
public class ReservationService {

    @Inject
    BookingRules rules;

    @Inject
    StateJournal journal;

    @Inject
    ResolutionJournal resolutions;

    @Inject
    SiteChecks siteChecks;

    @Inject
    RecordingLookup recordings;

    @Inject
    HlsBookingCheck hlsCheck;

    @Inject
    Admission admission;

    @Inject
    dev.streamvcr.account.StoragePolicies storagePolicies;

    @Inject
    Event<StopRequested> stopRequests;

    @Inject
    AuditLog audit;

    /** Fired after a stop of running work was committed, so the node that records it can stop at once. */
    public record StopRequested(long reservationId) {
    }

    /**
     * Fired after a running reservation's new end was committed, so the node that records it moves its end at once;
     * another node learns it at its next heartbeat, which reads the reservation.
     */
    public record EndChanged(long reservationId) {
    }

    @Inject
    Event<EndChanged> endChanges;

    /**
     * Validates and stores a booking. A page address is resolved first, outside any transaction (it is fetched);
     * what that found, or why nothing was, goes into the history, and the booking stands either way: the page is
     * resolved again at the start.
     */
    public Reservation book(Viewer viewer, BookingRequest request) {
        BookingRules.ValidBooking booking = rules.validate(request, Instant.now());
        Resolution resolution = admit(viewer, booking);
        return QuarkusTransaction.requiringNew().call(() -> {
            admission.requireHeld(booking, Instant.now()); // again, now that no other booking can be stored meanwhile
            return store(viewer, booking, resolution,
                    (booking.now() ? "Recording now, booked by " : "Booked by ") + viewer.username() + ".");
        });
    }

    /**
     * The admission checks of a valid booking, outside any transaction: the viewer's quota, the storage and the
     * recordings at once ({@link Admission}), then the source (a page is resolved, a playlist checked). Returns what the source resolved to; refusals are {@link FieldErrors}.
     */
    Resolution admit(Viewer viewer, BookingRules.ValidBooking booking) {
        QuarkusTransaction.requiringNew().run(() -> {
            requireQuota(viewer, booking);
            admission.require(booking, Instant.now());
        });
        Resolution resolution = resolutions.resolve(booking.sourceUrl(), viewer.id());
        if (resolution.found()) {
            hlsCheck.unrecordable(resolution.source(), HlsOptions.parse(booking.hlsOptions())).ifPresent(why -> {
                throw FieldErrors.of("sourceUrl", why);
            });
        }
        return resolution;
    }

    /**
     * Stores an admitted occurrence of a series as an ordinary reservation, inside the caller's transaction;
     * {@code booked} is its first history line.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Reservation storeOccurrence(Viewer viewer, BookingRules.ValidBooking booking, Resolution resolution,
            long seriesId, java.time.LocalDate date, String booked) {
        return store(viewer, booking, resolution, booked, seriesId, date, ReservationState.SCHEDULED);
    }

    /**
     * Stores a series' occurrence skipped before it was booked: a cancelled reservation, so that it is listed with
     * the others and never booked later. Inside the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Reservation storeSkipped(Viewer viewer, BookingRules.ValidBooking booking, long seriesId, java.time.LocalDate date,
            String reason) {
        return store(viewer, booking, null, reason, seriesId, date, ReservationState.CANCELLED);
    }

    /** A user whose recordings already fill their quota books nothing more; the answer says how to get room. */
    private void requireQuota(Viewer viewer, BookingRules.ValidBooking booking) {
        Long quota = storagePolicies.of(viewer.id()).quotaBytes();
        if (quota == null) {
            return;
        }
        long used = recordings.bytesOwnedBy(viewer.id());
        if (used >= quota) {
            throw FieldErrors.of("quota", "Your recordings use " + dev.streamvcr.web.Formats.humanBytes(used)
                    + " of your " + dev.streamvcr.web.Formats.humanBytes(quota) + " quota, and this booking would "
                    + "need about " + dev.streamvcr.web.Formats.humanBytes(admission.estimate(booking.sourceUrl(),
                            booking.startAt(), booking.endAt()).bytes()) + " more. Delete recordings you no "
                    + "longer need (or ask an administrator for more room) before booking another.");
        }
    }

    private Reservation store(Viewer viewer, BookingRules.ValidBooking booking, Resolution resolution, String booked) {
        return store(viewer, booking, resolution, booked, null, null, ReservationState.SCHEDULED);
    }

    private Reservation store(Viewer viewer, BookingRules.ValidBooking booking, Resolution resolution, String booked,
            Long seriesId, java.time.LocalDate seriesDate, ReservationState state) {
        Reservation reservation = new Reservation();
        reservation.seriesId = seriesId;
        reservation.seriesDate = seriesDate;
        reservation.owner = AppUser.findById(viewer.id());
        reservation.title = booking.title();
        reservation.sourceUrl = booking.sourceUrl();
        reservation.rtmpOptions = booking.rtmpOptions().isEmpty() ? null : booking.rtmpOptions();
        reservation.hlsOptions = booking.hlsOptions().isEmpty() ? null : booking.hlsOptions();
        reservation.startAt = booking.startAt();
        reservation.endAt = booking.endAt();
        reservation.createdAt = Instant.now();
        reservation.state = state;
        reservation.persist();
        boolean page = resolution != null && !"direct".equals(resolution.via());
        journal.created(reservation, booked + (page ? " " + resolution.summary()
                + (resolution.found() ? "" : " It will be looked for again at the start time.") : ""));
        if (resolution != null) {
            resolutions.record(reservation.id, ResolutionRecord.BOOKING, resolution);
        }
        if (state == ReservationState.SCHEDULED) { // not an occurrence stored as skipped
            audit.note(viewer, AuditLog.Action.BOOKING_CREATE, AuditLog.Subject.reservation(reservation.id,
                    reservation.title), (booking.now() ? "recording now" : "from " + minute(reservation.startAt))
                    + " to " + minute(reservation.endAt) + ", "
                    + dev.streamvcr.rtmp.client.RtmpSource.maskSecrets(reservation.sourceUrl));
        }
        return reservation;
    }

    /**
     * Changes a booking: title, source, start and end before it starts; only the end once it runs (an end in the
     * past stops it now, keeping what was recorded). Each change goes into the history with who made it. A booking
     * the viewer may not see is {@link NotFound}; a finished one is a {@link Conflict} saying why.
     */
    public Reservation edit(Viewer viewer, long id, EditRequest edit) {
        Reservation current = QuarkusTransaction.requiringNew().call(() -> editable(viewer, id));
        boolean running = current.state.isActive();
        BookingRules.ValidBooking booking = rules.validateEdit(current, edit, running, Instant.now());
        Resolution resolution = null;
        if (!running && !booking.sourceUrl().equals(current.sourceUrl)) {
            resolution = resolutions.resolve(booking.sourceUrl(), viewer.id());
            if (resolution.found()) {
                hlsCheck.unrecordable(resolution.source(), HlsOptions.parse(booking.hlsOptions())).ifPresent(why -> {
                    throw FieldErrors.of("sourceUrl", why);
                });
            }
        }
        Resolution found = resolution;
        return QuarkusTransaction.requiringNew().call(() -> apply(viewer, id, current.state, booking, found));
    }

    private static Reservation editable(Viewer viewer, long id) {
        Reservation reservation = find(viewer, id, LockModeType.NONE);
        if (reservation.state.isFinal()) {
            throw new Conflict(finishedReason(reservation));
        }
        if (reservation.stopRequested) {
            throw new Conflict("This recording is stopping; it can no longer be changed.");
        }
        return reservation;
    }

    private static String finishedReason(Reservation reservation) {
        return "This reservation is already " + reservation.state.label().toLowerCase(java.util.Locale.ROOT)
                + (reservation.stateReason == null ? "" : " (" + reservation.stateReason.strip() + ")")
                + "; a finished booking cannot be changed.";
    }

    private Reservation apply(Viewer viewer, long id, ReservationState seen, BookingRules.ValidBooking booking,
            Resolution resolution) {
        // Locked like the dispatcher and the sessions lock it, so a start or a stop cannot be overwritten.
        Reservation reservation = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
        if (reservation.state.isFinal()) {
            throw new Conflict(finishedReason(reservation));
        }
        if (reservation.state.isActive() != seen.isActive()) {
            throw new Conflict("The recording started while this change was made; look at it again and change "
                    + "its end if needed.");
        }
        Instant checked = Instant.now();
        if (booking.endAt().isAfter(checked) && (booking.endAt().isAfter(reservation.endAt)
                || booking.startAt().isBefore(reservation.startAt) || !booking.sourceUrl().equals(reservation.sourceUrl))) {
            admission.requireHeld(booking, checked, reservation.id); // a longer or other recording must fit too
        }
        String who = " by " + viewer.username() + ".";
        List<String> changes = new java.util.ArrayList<>();
        if (!booking.title().equals(reservation.title)) {
            changes.add("Title changed from \"" + reservation.title + "\" to \"" + booking.title() + "\"" + who);
            reservation.title = booking.title();
        }
        if (!booking.sourceUrl().equals(reservation.sourceUrl)) {
            changes.add("Source changed from " + dev.streamvcr.rtmp.client.RtmpSource.maskSecrets(reservation.sourceUrl)
                    + " to " + dev.streamvcr.rtmp.client.RtmpSource.maskSecrets(booking.sourceUrl()) + who
                    + (resolution == null || "direct".equals(resolution.via()) ? "" : " " + resolution.summary()));
            reservation.sourceUrl = booking.sourceUrl();
        }
        String rtmp = booking.rtmpOptions().isEmpty() ? null : booking.rtmpOptions();
        String hls = booking.hlsOptions().isEmpty() ? null : booking.hlsOptions();
        if (!java.util.Objects.equals(rtmp, reservation.rtmpOptions)
                || !java.util.Objects.equals(hls, reservation.hlsOptions)) {
            changes.add("Advanced options changed" + who);
            reservation.rtmpOptions = rtmp;
            reservation.hlsOptions = hls;
        }
        if (!booking.startAt().equals(reservation.startAt)) {
            changes.add((booking.now() ? "Start moved to now" : "Start changed from " + minute(reservation.startAt)
                    + " to " + minute(booking.startAt())) + who);
            reservation.startAt = booking.startAt();
        }
        Instant now = Instant.now();
        boolean stopNow = reservation.state.isActive() && !booking.endAt().isAfter(now);
        Instant end = stopNow ? now : booking.endAt();
        if (!end.equals(reservation.endAt)) {
            changes.add((stopNow ? "End moved to now from " + minute(reservation.endAt) + ", stopping the recording"
                    : "End changed from " + minute(reservation.endAt) + " to " + minute(end)) + who);
            reservation.endAt = end;
        }
        if (changes.isEmpty()) {
            return reservation;
        }
        journal.note(reservation, String.join(" ", changes));
        audit.note(viewer, AuditLog.Action.BOOKING_EDIT, AuditLog.Subject.reservation(reservation.id, reservation.title),
                String.join(" ", changes).replace(who, "."));
        if (resolution != null) {
            resolutions.record(reservation.id, ResolutionRecord.BOOKING, resolution);
        }
        if (stopNow) {
            reservation.stopRequested = true;
            reservation.stopReason = "Stopped by " + viewer.username() + ": the end was moved to now.";
            stopRequests.fire(new StopRequested(reservation.id));
        } else if (reservation.state.isActive()) {
            endChanges.fire(new EndChanged(reservation.id));
        }
        return reservation;
    }

    /** An instant to the second as the history shows it (pages show it in local time). */
    private static String minute(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    @Transactional
    public List<Reservation> list(Viewer viewer) {
        Sort order = Sort.by("startAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);
        if (viewer.admin()) {
            return Reservation.listAll(order);
        }
        return Reservation.list("owner.id", order, viewer.id());
    }

    /** The state names a list may be filtered by. */
    public static final java.util.Set<String> STATE_NAMES = java.util.Arrays.stream(ReservationState.values())
            .map(Enum::name).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));

    /** The state choices of a list's filter form. */
    public static List<dev.streamvcr.web.ListQuery.Option> stateOptions() {
        return java.util.Arrays.stream(ReservationState.values())
                .map(s -> new dev.streamvcr.web.ListQuery.Option(s.name().toLowerCase(java.util.Locale.ROOT), s.label()))
                .toList();
    }

    /** One page of the reservations the viewer may see, as {@code query} asks (keyset, by booked start or title). */
    @Transactional
    public dev.streamvcr.web.ListQuery.Page<ReservationView> page(Viewer viewer, dev.streamvcr.web.ListQuery query) {
        dev.streamvcr.web.ListQuery.Jpql jpql = query.jpql(new dev.streamvcr.web.ListQuery.Fields("r.title",
                "r.sourceUrl", "r.state", "r.startAt", "r.owner.username", "r.owner.id", "r.id"),
                viewer.admin() ? null : viewer.id());
        if (jpql.searches()) {
            Reservation.getEntityManager().createNativeQuery(dev.streamvcr.web.ListQuery.Jpql.PLAN_WITH_VALUES).executeUpdate();
        }
        var select = Reservation.getEntityManager().createQuery("select r from Reservation r join fetch r.owner "
                + jpql.where() + " " + jpql.orderBy(), Reservation.class);
        jpql.parameters().forEach((name, value) -> select.setParameter(name,
                name.equals("state") ? ReservationState.valueOf((String) value) : value));
        List<Reservation> rows = select.setMaxResults(query.size() + 1).getResultList();
        // A page's histories, resolutions and recordings in one query each, not one per row.
        List<Long> ids = rows.stream().map(r -> r.id).toList();
        java.util.Map<Long, List<ReservationEvent>> histories = ids.isEmpty() ? java.util.Map.of()
                : ReservationEvent.<ReservationEvent>list("reservationId in ?1 order by id", ids).stream()
                        .collect(java.util.stream.Collectors.groupingBy(event -> event.reservationId));
        java.util.Map<Long, ResolutionView> latest = resolutions.latest(ids);
        java.util.Map<Long, RecordingLookup.Recorded> recorded = recordings.findAll(ids);
        return query.page(rows, r -> r.startAt, r -> r.title, r -> r.id, r -> ReservationView.of(r,
                histories.getOrDefault(r.id, List.of()), java.util.Optional.ofNullable(recorded.get(r.id)),
                latest.get(r.id),
                r.state == ReservationState.SCHEDULED ? siteChecks.warningFor(r.id).orElse(null) : null));
    }

    /** The reservation, if it exists and the viewer may see it; otherwise {@link NotFound} (never "forbidden"). */
    @Transactional
    public Reservation get(Viewer viewer, long id) {
        return find(viewer, id, LockModeType.NONE);
    }

    private static Reservation find(Viewer viewer, long id, LockModeType lock) {
        Reservation reservation = Reservation.findById(id, lock);
        if (reservation == null || !viewer.maySee(reservation.owner.id)) {
            throw new NotFound("There is no reservation " + id + ".");
        }
        return reservation;
    }

    @Transactional
    public List<ReservationView> views(Viewer viewer) {
        return list(viewer).stream().map(this::view).toList();
    }

    @Transactional
    public ReservationView view(Viewer viewer, long id) {
        return view(get(viewer, id));
    }

    /** The API/page view of a reservation the caller already checked; call inside a transaction. */
    @Transactional
    public ReservationView view(Reservation reservation) {
        String warning = reservation.state == ReservationState.SCHEDULED
                ? siteChecks.warningFor(reservation.id).orElse(null) : null;
        return ReservationView.of(reservation, ReservationEvent.history(reservation.id),
                recordings.find(reservation.id), resolutions.latest(reservation.id), warning);
    }

    /** The view with this node's live recording figures while it records the reservation; otherwise unchanged. */
    public ReservationView withLiveProgress(ReservationView view) {
        if (view.state().isFinal()) {
            return view;
        }
        return recordings.live(view.id()).map(view::withProgress).orElse(view);
    }

    /**
     * Ends a reservation for a reason that is not a person's (a watched channel went offline): cancels it before it
     * starts, or asks the recording node to stop it, keeping what was recorded. Returns false when it had already
     * finished or was stopping. Joins the caller's transaction.
     */
    @Transactional
    public boolean stopFor(long id, String reason) {
        Reservation reservation = Reservation.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (reservation == null || reservation.stopRequested || reservation.state.isFinal()) {
            return false;
        }
        if (reservation.state == ReservationState.SCHEDULED) {
            journal.transition(reservation, ReservationState.CANCELLED, reason, null);
        } else {
            reservation.stopRequested = true;
            reservation.stopReason = reason;
            stopRequests.fire(new StopRequested(reservation.id));
        }
        return true;
    }

    /**
     * Cancels a booked reservation, or asks the recording node to stop running work (what was recorded is
     * kept). A finished reservation cannot be cancelled.
     */
    @Transactional
    public Reservation cancel(Viewer viewer, long id) {
        // Locked like the dispatcher and the sessions lock it, so no state change can be overwritten.
        Reservation reservation = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
        if (reservation.state == ReservationState.SCHEDULED) {
            journal.transition(reservation, ReservationState.CANCELLED, "Cancelled by " + viewer.username() + ".", null);
            audit.note(viewer, AuditLog.Action.BOOKING_CANCEL, AuditLog.Subject.reservation(reservation.id,
                    reservation.title), "was to start at " + minute(reservation.startAt));
        } else if (reservation.state.isActive()) {
            if (!reservation.stopRequested) {
                reservation.stopRequested = true;
                reservation.stopReason = "Stopped by " + viewer.username() + ".";
                stopRequests.fire(new StopRequested(reservation.id));
                audit.note(viewer, AuditLog.Action.RECORDING_STOP, AuditLog.Subject.reservation(reservation.id,
                        reservation.title), "was " + reservation.state.label().toLowerCase(java.util.Locale.ROOT)
                        + ", booked to end at " + minute(reservation.endAt));
            }
        } else {
            throw new Conflict("This reservation is already " + reservation.state.name().toLowerCase().replace('_', ' ')
                    + "; there is nothing to cancel.");
        }
        return reservation;
    }
}
