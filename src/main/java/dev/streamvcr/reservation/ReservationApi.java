package dev.streamvcr.reservation;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.ListQuery;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reservations in the JSON API; users see their own, admins see all. */
@Path("/api/v1/reservations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations")
public class ReservationApi {

    @Inject
    ReservationService reservations;

    @Inject
    SecurityIdentity identity;

    @Inject
    ResolutionJournal resolutions;

    /** The JSON body of POST /api/v1/reservations. */
    public record BookingBody(String title, String sourceUrl, String startAt, String endAt, Long durationSeconds,
            Map<String, Object> rtmp, Map<String, Object> hls, Boolean untilStopped) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Book a recording", description = "startAt/endAt are ISO-8601 with an offset; give endAt or "
            + "durationSeconds. startAt omitted or \"now\" records now (\"Record now\"): for durationSeconds, until "
            + "endAt, or without either for the configured record-now length; with \"untilStopped\": true it runs "
            + "until stopped (DELETE), at most the maximum duration. rtmp holds librtmp-style RTMP options (e.g. {\"conn\": [\"S:abc\"], \"live\": \"1\"}), "
            + "added after any options written after the stream URL. hls chooses what of an HLS stream is recorded: "
            + "{\"maxHeight\": 720, \"maxBandwidth\": 3000000, \"variant\": \"720p\", \"audio\": \"English\", "
            + "\"keepAds\": true}; without it the variant with the highest bandwidth, ads left out. sourceUrl is a stream (rtmp://, rtmps://, .m3u8) or a page announcing the broadcast; a "
            + "page is resolved now (the answer's resolution says what was found) and again at the start, and the "
            + "booking stands even when nothing was found yet.")
    public Response book(BookingBody body) {
        BookingBody b = body == null ? new BookingBody(null, null, null, null, null, null, null, null) : body;
        String rtmpOptions;
        try {
            rtmpOptions = RtmpOptionsField.fromJson(b.rtmp());
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("rtmp", e.getMessage());
        }
        String hlsOptions;
        try {
            hlsOptions = HlsOptions.fromJson(b.hls()).format();
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("hls", e.getMessage());
        }
        Reservation reservation = reservations.book(viewer(), new BookingRequest(b.title(), b.sourceUrl(), b.startAt(),
                b.endAt(), b.durationSeconds(), null, rtmpOptions, hlsOptions, Boolean.TRUE.equals(b.untilStopped())));
        return Response.created(URI.create("/api/v1/reservations/" + reservation.id)).entity(reservations.view(reservation)).build();
    }

    /** The JSON body of POST /api/v1/reservations/resolution. */
    public record ResolveBody(String sourceUrl) {
    }

    @POST
    @Path("resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve an address without booking",
            description = "What a page (or stream) address resolves to now: the source, the resolver (via), where it was "
                    + "found (origin), every candidate and failure, or the reason nothing was found.")
    public ResolutionView resolve(ResolveBody body) {
        String source = body == null ? null : body.sourceUrl();
        try {
            dev.streamvcr.site.StreamAddress.parse(source);
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("sourceUrl", e.getMessage());
        }
        return ResolutionView.of("check", java.time.Instant.now(), resolutions.resolve(source, viewer().id()));
    }

    @GET
    @Operation(summary = "List reservations, a page at a time",
            description = "q searches title and source address literally; state, from and to (dates, UTC, inclusive) "
                    + "and owner (admins) filter; sort is newest (booked start), oldest or title; size 1-200 (25). "
                    + "The next page's cursor is in the X-Next-Cursor header and a Link rel=next; a bad parameter is "
                    + "400 naming it.")
    public Response list(@QueryParam("q") String q, @QueryParam("state") String state, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("owner") String owner, @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor, @QueryParam("size") String size) {
        Viewer viewer = viewer();
        ListQuery query = ListQuery.parse(q, state, from, to, owner, sort, cursor, size, ReservationService.STATE_NAMES,
                viewer.admin());
        ListQuery.Page<ReservationView> page = reservations.page(viewer, query);
        Response.ResponseBuilder answer = Response.ok(page.items());
        if (page.nextCursor() != null) {
            answer.header("X-Next-Cursor", page.nextCursor()).header("Link",
                    "<" + query.nextHref("/api/v1/reservations", page.nextCursor()) + ">; rel=\"next\"");
        }
        return answer.build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One reservation with its state history and progress")
    public ReservationView get(@PathParam("id") long id) {
        return reservations.view(viewer(), id);
    }

    /** The JSON body of PATCH /api/v1/reservations/{id}: only the fields given change. */
    public record EditBody(String title, String sourceUrl, String startAt, String endAt, Long durationSeconds,
            Map<String, Object> rtmp, Map<String, Object> hls) {
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a booking",
            description = "Before the start: title, sourceUrl, startAt (or \"now\"), endAt or durationSeconds, rtmp, "
                    + "hls; only the fields given change, checked like a booking (400 naming the field). While "
                    + "recording: only endAt, to extend or shorten it; an end in the past stops the recording now, "
                    + "keeping what was recorded. Every change is written to the history with who made it. Another "
                    + "user's booking is 404; a finished one is 409 with the reason.")
    public ReservationView edit(@PathParam("id") long id, EditBody body) {
        EditBody b = body == null ? new EditBody(null, null, null, null, null, null, null) : body;
        String rtmpOptions;
        try {
            rtmpOptions = b.rtmp() == null ? null : RtmpOptionsField.fromJson(b.rtmp());
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("rtmp", e.getMessage());
        }
        String hlsOptions;
        try {
            hlsOptions = b.hls() == null ? null : HlsOptions.fromJson(b.hls()).format();
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("hls", e.getMessage());
        }
        return reservations.view(reservations.edit(viewer(), id, new EditRequest(b.title(), b.sourceUrl(),
                b.startAt(), b.endAt(), b.durationSeconds(), null, rtmpOptions, hlsOptions)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a booked reservation or stop a running one (what was recorded is kept)")
    public ReservationView cancel(@PathParam("id") long id) {
        return reservations.view(reservations.cancel(viewer(), id));
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
