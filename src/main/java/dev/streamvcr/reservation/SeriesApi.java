package dev.streamvcr.reservation;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.web.FieldErrors;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Series in the JSON API; users see their own, admins see all. */
@Path("/api/v1/series")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Series")
public class SeriesApi {

    @Inject
    SeriesService series;

    @Inject
    SecurityIdentity identity;

    /** The JSON body of POST and PATCH /api/v1/series; in a PATCH only the fields given change. */
    public record SeriesBody(String title, String sourceUrl, String repeat, List<String> weekdays, String startDate,
            String startTime, String endTime, Long durationSeconds, Integer count, String until, String timeZone,
            Map<String, Object> rtmp, Map<String, Object> hls) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Book a series",
            description = "Repeats a booking \"daily\" or \"weekly\" on weekdays ([\"MON\", \"THU\"]) at startTime "
                    + "(\"20:00\") in timeZone (an IANA zone such as \"Europe/Berlin\"; the server's when omitted), "
                    + "local time kept across daylight-saving changes; until endTime (\"21:30\", earlier than the start "
                    + "means the next day) or for durationSeconds; from startDate (today when omitted), count times "
                    + "(1-" + SeriesRule.MAX_COUNT + ") or until a date (inclusive), or without either until ended. "
                    + "title, sourceUrl, rtmp and hls are a booking's. Each occurrence is an ordinary reservation, "
                    + "booked when it comes within the series horizon (the next one at once), and checked like a booking "
                    + "then; the answer lists them. Bad input is 400 naming the field.")
    public Response create(SeriesBody body) {
        SeriesBody b = body == null ? new SeriesBody(null, null, null, null, null, null, null, null, null, null, null,
                null, null) : body;
        Series created = series.create(viewer(), request(b, false));
        return Response.created(URI.create("/api/v1/series/" + created.id)).entity(series.view(viewer(), created.id))
                .build();
    }

    @GET
    @Operation(summary = "List series, newest first")
    public List<SeriesView> list() {
        return series.list(viewer());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One series with its occurrences",
            description = "occurrences lists the booked ones (reservationId, state) in order, then the next few not "
                    + "booked yet; skippable says which may still be skipped. Another user's series is 404.")
    public SeriesView get(@PathParam("id") long id) {
        return series.view(viewer(), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a series",
            description = "Any field of the booking body; only those given change, checked like a new series (400 "
                    + "naming the field). Booked occurrences that have not started follow, each change written to "
                    + "their history with who made it; one no longer on the series' days is cancelled. until \"\" "
                    + "removes the end date. Another user's series is 404, an ended one 409.")
    public SeriesView edit(@PathParam("id") long id, SeriesBody body) {
        SeriesBody b = body == null ? new SeriesBody(null, null, null, null, null, null, null, null, null, null, null,
                null, null) : body;
        series.edit(viewer(), id, request(b, true));
        return series.view(viewer(), id);
    }

    @POST
    @Path("{id}/occurrences/{date}/skip")
    @Operation(summary = "Skip one occurrence",
            description = "date is the occurrence's local date (2026-12-07). A booked occurrence is cancelled; one not "
                    + "booked yet is kept cancelled so it never is. One that has started is 409; a date without an "
                    + "occurrence is 404.")
    public SeriesView skip(@PathParam("id") long id, @PathParam("date") String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw FieldErrors.of("date", "'" + date + "' is not a date (expected e.g. 2026-12-07).");
        }
        series.skip(viewer(), id, day);
        return series.view(viewer(), id);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "End a series",
            description = "Nothing more is booked and its occurrences that have not started are cancelled; a running "
                    + "one goes on. An ended series is 409.")
    public SeriesView end(@PathParam("id") long id) {
        series.end(viewer(), id);
        return series.view(viewer(), id);
    }

    private static SeriesRequest request(SeriesBody b, boolean edit) {
        String rtmp;
        try {
            rtmp = b.rtmp() == null ? (edit ? null : "") : RtmpOptionsField.fromJson(b.rtmp());
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("rtmp", e.getMessage());
        }
        String hls;
        try {
            hls = b.hls() == null ? (edit ? null : "") : HlsOptions.fromJson(b.hls()).format();
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("hls", e.getMessage());
        }
        return new SeriesRequest(b.title(), b.sourceUrl(), b.repeat(), b.weekdays(), b.startDate(), b.startTime(),
                b.endTime(), b.durationSeconds(), b.count(), b.until(), b.timeZone(), rtmp, hls);
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
