package dev.streamvcr.reservation;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.ListQuery;
import dev.streamvcr.web.UserSlots;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * reservations_list, reservation_new, reservation_create (or, with {@code check}, reservation_resolve: what the address
 * resolves to, nothing booked), reservation_show, reservation_cancel_confirm, reservation_cancel, reservation_events.
 */
@Path("/reservations")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ReservationPages {

    @Inject
    ReservationService reservations;

    @Inject
    SecurityIdentity identity;

    @Inject
    ResolutionJournal resolutions;

    @Inject
    ReservationChanges changes;

    @Inject
    dev.streamvcr.config.StreamVcrConfig config;

    /** Pages open at once per user whose live figures are pushed. */
    static final int LIVE_PAGES_PER_USER = 8;
    /** How often an open page reads its reservation again, for changes made on other nodes. */
    static final Duration LOOK_AGAIN = Duration.ofSeconds(15);

    private final UserSlots livePages = new UserSlots(LIVE_PAGES_PER_USER, 30,
            "You have " + LIVE_PAGES_PER_USER + " reservation pages open that update live; close one.");

    @GET
    public Response list(@QueryParam("q") String q, @QueryParam("state") String state, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("owner") String owner, @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor, @QueryParam("size") String size) {
        Viewer viewer = viewer();
        ListQuery.Typed typed = ListQuery.Typed.of(q, state, from, to, owner, sort);
        try {
            ListQuery query = ListQuery.parse(q, state, from, to, owner, sort, cursor, size,
                    ReservationService.STATE_NAMES, viewer.admin());
            ListQuery.Page<ReservationView> page = reservations.page(viewer, query);
            String next = page.nextCursor() == null ? null : query.nextHref("/reservations", page.nextCursor());
            return Response.ok(ReservationTemplates.reservations(viewer, page.items(), typed,
                    ReservationService.stateOptions(), query.filtered(), next,
                    Map.of(), recordNowMinutes(), BookingRules.human(config.booking().maxDuration())).render()).type(MediaType.TEXT_HTML_TYPE).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(ReservationTemplates.reservations(viewer, List.of(), typed,
                    ReservationService.stateOptions(), true, null,
                    e.fields(), recordNowMinutes(), BookingRules.human(config.booking().maxDuration())).render()).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("new")
    public String showNew() {
        return ReservationTemplates.reservationNew(viewer(), ReservationTemplates.BookingForm.empty(), Map.of(), null).render();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String title, @RestForm String sourceUrl, @RestForm String startAt,
            @RestForm String endAt, @RestForm String durationMinutes, @RestForm String timeZone, @RestForm String check,
            @RestForm String rtmpOptions, @RestForm String hlsOptions, @RestForm String now,
            @RestForm String length) {
        ReservationTemplates.BookingForm form = new ReservationTemplates.BookingForm(title, sourceUrl, startAt, endAt, durationMinutes, timeZone,
                rtmpOptions, hlsOptions);
        if (check != null) {
            // "Find the stream": show what the address resolves to, book nothing.
            ResolutionView found = ResolutionView.of("check", Instant.now(), resolutions.resolve(sourceUrl, viewer().id()));
            return Response.ok(ReservationTemplates.reservationNew(viewer(), form, Map.of(), found).render()).build();
        }
        try {
            Long seconds = durationSeconds(durationMinutes);
            // "Record now" starts at once: the form's start and end are not used, a duration typed in is
            BookingRequest request = now != null
                    ? new BookingRequest(title, sourceUrl, "now", null, seconds, timeZone, rtmpOptions, hlsOptions,
                            "open".equals(length))
                    : new BookingRequest(title, sourceUrl, startAt, endAt, seconds, timeZone, rtmpOptions, hlsOptions);
            Reservation reservation = reservations.book(viewer(), request);
            return Response.seeOther(URI.create("/reservations/" + reservation.id + "?booked")).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(ReservationTemplates.reservationNew(viewer(), form, e.fields(), null).render()).build();
        }
    }

    /** reservation_edit_form: the booking's fields pre-filled; only the end while it records. */
    @GET
    @Path("{id}/edit")
    public Response showEdit(@PathParam("id") long id) {
        ReservationView view = reservations.view(viewer(), id);
        if (!view.state().cancellable() || view.stopRequested()) {
            return Response.seeOther(URI.create("/reservations/" + id)).build();
        }
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        ReservationTemplates.BookingForm form = new ReservationTemplates.BookingForm(view.title(), view.sourceUrl(),
                local(view.startAt(), zone), local(view.endAt(), zone), "", zone.getId(), "", "");
        return Response.ok(ReservationTemplates.reservationEdit(viewer(), view, form, Map.of()).render())
                .type(MediaType.TEXT_HTML_TYPE).build();
    }

    /**
     * reservation_edit: changes what the form changed. A time shown to the minute and sent back as it was keeps the
     * booked instant (which may have seconds).
     */
    @POST
    @Path("{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response edit(@PathParam("id") long id, @RestForm String title, @RestForm String sourceUrl,
            @RestForm String startAt, @RestForm String endAt, @RestForm String timeZone) {
        Viewer viewer = viewer();
        ReservationView view = reservations.view(viewer, id);
        ReservationTemplates.BookingForm form = new ReservationTemplates.BookingForm(title, sourceUrl, startAt, endAt,
                "", timeZone, "", "");
        try {
            java.time.ZoneId zone = zoneOf(timeZone);
            EditRequest request = new EditRequest(title, sourceUrl,
                    sameMinute(startAt, view.startAt(), zone) ? null : startAt,
                    sameMinute(endAt, view.endAt(), zone) ? null : endAt, null, timeZone, null, null);
            reservations.edit(viewer, id, request);
            return Response.seeOther(URI.create("/reservations/" + id)).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(ReservationTemplates.reservationEdit(viewer, view, form, e.fields())
                    .render()).type(MediaType.TEXT_HTML_TYPE).build();
        } catch (dev.streamvcr.web.Conflict e) {
            return Response.status(409).entity(ReservationTemplates.reservationEdit(viewer,
                    reservations.view(viewer, id), form, Map.of("conflict", e.getMessage())).render())
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    private static String local(Instant at, java.time.ZoneId zone) {
        return java.time.LocalDateTime.ofInstant(at, zone).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
    }

    private static java.time.ZoneId zoneOf(String timeZone) {
        try {
            return timeZone == null || timeZone.isBlank() ? java.time.ZoneId.systemDefault()
                    : java.time.ZoneId.of(timeZone.strip());
        } catch (java.time.DateTimeException e) {
            throw FieldErrors.of("timeZone", "Unknown time zone '" + timeZone + "'.");
        }
    }

    /** Whether a local date-time from the form is the booked instant as the form showed it (to the minute). */
    private static boolean sameMinute(String typed, Instant booked, java.time.ZoneId zone) {
        if (typed == null || typed.isBlank()) {
            return false;
        }
        try {
            return java.time.LocalDateTime.parse(typed.strip()).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                    .equals(java.time.LocalDateTime.ofInstant(booked, zone)
                            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private long recordNowMinutes() {
        return config.booking().recordNowLength().toMinutes();
    }

    @GET
    @Path("{id}")
    public String show(@PathParam("id") long id, @jakarta.ws.rs.QueryParam("booked") String booked) {
        ReservationView view = reservations.view(viewer(), id);
        return ReservationTemplates.reservationDetail(viewer(), reservations.withLiveProgress(view), booked == null ? null : "Booked.").render();
    }

    /**
     * reservation_cancel_confirm: what cancelling or stopping does, and the button that does it. A reservation that
     * can no longer be cancelled, or is already stopping, sends the browser back to its page.
     */
    @GET
    @Path("{id}/cancel")
    public Response confirmCancel(@PathParam("id") long id) {
        ReservationView view = reservations.view(viewer(), id);
        if (!view.state().cancellable() || view.stopRequested()) {
            return Response.seeOther(URI.create("/reservations/" + id)).build();
        }
        return Response.ok(ReservationTemplates.confirmCancel(viewer(), view).render()).type(MediaType.TEXT_HTML_TYPE).build();
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("id") long id) {
        reservations.cancel(viewer(), id);
        return Response.seeOther(URI.create("/reservations/" + id)).build();
    }

    /**
     * Server-sent events: the reservation's state and progress until it is final, pushed when they change
     * ({@link ReservationChanges}). Live figures need no database read; the reservation is read again only when its
     * state changed on this node, and every {@link #LOOK_AGAIN} for changes made on other nodes. Each user may keep
     * {@value #LIVE_PAGES_PER_USER} such pages open at once.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<ReservationView> events(@PathParam("id") long id) {
        Viewer viewer = viewer();
        ReservationView first = reservations.view(viewer, id);
        UserSlots.Slot slot = livePages.acquire(viewer.id());
        AtomicReference<ReservationView> last = new AtomicReference<>(first);
        Multi<ReservationChanges.Kind> changed = Multi.createBy().merging().streams(changes.of(id),
                Multi.createFrom().ticks().startingAfter(LOOK_AGAIN).every(LOOK_AGAIN)
                        .map(tick -> ReservationChanges.Kind.STATE));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(ReservationChanges.Kind.PROGRESS), changed)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(kind -> Uni.createFrom().item(() -> {
                    ReservationView base = kind == ReservationChanges.Kind.STATE ? reservations.view(viewer, id) : last.get();
                    last.set(base);
                    return reservations.withLiveProgress(base);
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .select().first(untilAfterFinal())
                .onFailure().recoverWithCompletion()
                .onTermination().invoke(slot::close);
    }

    /** Lets items through up to and including the first one in a final state. */
    private static java.util.function.Predicate<ReservationView> untilAfterFinal() {
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        return view -> !ended.getAndSet(ended.get() || view.state().isFinal());
    }

    /** The form gives minutes; the service takes seconds. Bad numbers are reported against the field. */
    static Long durationSeconds(String minutes) {
        if (minutes == null || minutes.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(minutes.strip()).multiply(BigDecimal.valueOf(60)).longValue();
        } catch (NumberFormatException e) {
            throw FieldErrors.of("durationSeconds", "'" + minutes + "' is not a number of minutes.");
        }
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
