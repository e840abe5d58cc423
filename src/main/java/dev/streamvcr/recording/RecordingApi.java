package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.ListQuery;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recordings in the JSON API, and their files. */
@Path("/api/v1/recordings")
@Authenticated
@Tag(name = "Recordings")
public class RecordingApi {

    /** What a client that got 202 (the file is being made) should wait before asking again. */
    static final int RETRY_AFTER_SECONDS = 2;

    @Inject
    RecordingService recordings;

    @Inject
    RecordingDownloads downloads;

    @Inject
    RecordingDeletion deletion;

    @Inject
    RecordingPosters posters;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List finished and in-progress recordings, a page at a time",
            description = "q searches title and source address literally; state, from and to (dates, UTC, inclusive) "
                    + "and owner (admins) filter; sort is newest (start), oldest or title; size 1-200 (25). The next "
                    + "page's cursor is in the X-Next-Cursor header and a Link rel=next; a bad parameter is 400 naming it.")
    public Response list(@QueryParam("q") String q, @QueryParam("state") String state, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("owner") String owner, @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor, @QueryParam("size") String size) {
        Viewer viewer = Viewer.of(identity);
        ListQuery query = ListQuery.parse(q, state, from, to, owner, sort, cursor, size,
                dev.streamvcr.reservation.ReservationService.STATE_NAMES, viewer.admin());
        ListQuery.Page<RecordingView> page = recordings.page(viewer, query);
        Response.ResponseBuilder answer = Response.ok(page.items());
        if (page.nextCursor() != null) {
            answer.header("X-Next-Cursor", page.nextCursor()).header("Link",
                    "<" + query.nextHref("/api/v1/recordings", page.nextCursor()) + ">; rel=\"next\"");
        }
        return answer.build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One recording with its parts and gaps")
    public RecordingView get(@PathParam("id") long id) {
        return recordings.get(Viewer.of(identity), id);
    }

    @GET
    @Path("{id}/file")
    @Produces({"video/x-flv", "video/mp2t", "video/mp4", MediaType.APPLICATION_JSON})
    @Operation(summary = "Download the whole recording as one file, or one part (?part=N) as it was written",
            description = "Without part: every part in order on one timeline, gaps left out (they are listed in the "
                    + "recording's gaps), in the parts' own container (FLV from RTMP, MPEG-TS or MP4 from HLS). It is "
                    + "made on first request: until it is ready the answer is 202 with {\"status\": \"making\", "
                    + "\"progress\": 0..1} and Retry-After. Supports Range, If-Range and ETag.")
    public Response file(@PathParam("id") long id, @QueryParam("part") String part, @Context HttpHeaders headers,
            @Context RoutingContext context) {
        Viewer viewer = Viewer.of(identity);
        if (part != null) {
            return downloads.part(viewer, id, partNumber(part), headers, context);
        }
        return answer(downloads.whole(viewer, id, RecordingExports.Kind.WHOLE, headers, context));
    }

    @GET
    @Path("{id}/mp4")
    @Produces({"video/mp4", MediaType.APPLICATION_JSON})
    @Operation(summary = "The recording as a fast-start MP4 (stream copy, one timeline across parts)",
            description = "Made on first request and kept; 202 with progress until then, 409 when the recording has "
                    + "no video or a codec MP4 cannot carry. Supports Range, If-Range and ETag.")
    public Response mp4(@PathParam("id") long id, @Context HttpHeaders headers, @Context RoutingContext context) {
        return answer(downloads.whole(Viewer.of(identity), id, RecordingExports.Kind.MP4, headers, context));
    }

    @GET
    @Path("{id}/poster")
    @Produces({"image/jpeg", "image/svg+xml", MediaType.APPLICATION_JSON})
    @Operation(summary = "One frame of the recording as a JPEG 320 px wide",
            description = "Near the end of the newest part while recording (made again after 30 s), 10 % in once "
                    + "ended; an SVG placeholder when there is no video or no frame yet. Cache-Control and ETag "
                    + "(304 on If-None-Match).")
    public Response poster(@PathParam("id") long id, @Context HttpHeaders headers) {
        return posters.poster(Viewer.of(identity), id).answer(headers);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a finished recording: its parts, whole file, MP4, pictures and previews",
            description = "By its owner or an admin (404 for anyone else); audited. A recording still going on is "
                    + "refused with 409: stop it first (DELETE /api/v1/reservations/{id}), then delete it.")
    public Response delete(@PathParam("id") long id, @Context RoutingContext context) {
        deletion.delete(Viewer.of(identity), id, context);
        return Response.noContent().build();
    }

    private static Response answer(RecordingDownloads.Answer answer) {
        if (answer.ready()) {
            return answer.file();
        }
        return Response.accepted(Map.of("status", "making", "progress", Math.round(answer.progress() * 100) / 100.0))
                .type(MediaType.APPLICATION_JSON).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /** {@code ?part=N}: a positive whole number, else a field error. */
    static int partNumber(String text) {
        try {
            int number = Integer.parseInt(text.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw FieldErrors.of("part", "'" + text + "' is not a part number (1, 2, …).");
    }
}
