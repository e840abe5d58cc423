package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.reservation.ReservationService;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.ListQuery;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;

/**
 * recordings_list, recording_show, recording_poster, recording_download, recording_mp4, recording_delete_confirm and
 * recording_delete for the browser (session cookie).
 */
@Path("/recordings")
@Authenticated
public class RecordingPages {

    @Inject
    RecordingService recordings;

    @Inject
    RecordingDownloads downloads;

    @Inject
    RecordingExports exports;

    @Inject
    RecordingDeletion deletion;

    @Inject
    RecordingPosters posters;

    @Inject
    RecordingBitrate bitrates;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@QueryParam("deleted") String deleted, @QueryParam("q") String q,
            @QueryParam("state") String state, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("owner") String owner, @QueryParam("sort") String sort, @QueryParam("cursor") String cursor,
            @QueryParam("size") String size) {
        Viewer viewer = Viewer.of(identity);
        String notice = deleted == null ? null : "Deleted \u201c" + deleted + "\u201d.";
        ListQuery.Typed typed = ListQuery.Typed.of(q, state, from, to, owner, sort);
        try {
            ListQuery query = ListQuery.parse(q, state, from, to, owner, sort, cursor, size,
                    ReservationService.STATE_NAMES, viewer.admin());
            ListQuery.Page<RecordingView> page = recordings.page(viewer, query);
            String next = page.nextCursor() == null ? null : query.nextHref("/recordings", page.nextCursor());
            return Response.ok(RecordingTemplates.recordings(viewer, page.items(), notice, typed,
                    ReservationService.stateOptions(), query.filtered(), next, Map.of()).render())
                    .type(MediaType.TEXT_HTML_TYPE).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(RecordingTemplates.recordings(viewer, List.of(), notice, typed,
                    ReservationService.stateOptions(), true, null, e.fields()).render())
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    /** recording_delete_confirm: what will go, and the button that does it. */
    @GET
    @Path("{id}/delete")
    @Produces(MediaType.TEXT_HTML)
    public String confirmDelete(@PathParam("id") long id) {
        Viewer viewer = Viewer.of(identity);
        deletion.checked(viewer, id);
        return RecordingTemplates.confirmDelete(viewer, recordings.get(viewer, id)).render();
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, @Context RoutingContext context) {
        Viewer viewer = Viewer.of(identity);
        String title = recordings.get(viewer, id).title();
        deletion.delete(viewer, id, context);
        return Response.seeOther(UriBuilder.fromPath("/recordings").queryParam("deleted", title).build()).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public String show(@PathParam("id") long id) {
        Viewer viewer = Viewer.of(identity);
        RecordingView recording = recordings.get(viewer, id);
        RecordingExports.Source source = recordings.exportSource(viewer, id);
        RecordingTemplates.Mp4 mp4 = new RecordingTemplates.Mp4(exports.ready(source, RecordingExports.Kind.MP4),
                exports.progress(source, RecordingExports.Kind.MP4).map(p -> (int) Math.round(p * 100)).orElse(null));
        return RecordingTemplates.recording(viewer, recording, mp4, TimelineBar.of(recording, java.time.Instant.now()),
                bitrates.plot(viewer, recording)).render();
    }

    /**
     * recording_poster: one frame of the recording (a placeholder when there is none), for its owner or an admin;
     * cached by the browser for as long as it stays current, revalidated by its ETag.
     */
    @GET
    @Path("{id}/poster")
    public Response poster(@PathParam("id") long id, @Context HttpHeaders headers) {
        return posters.poster(Viewer.of(identity), id).answer(headers);
    }

    @GET
    @Path("{id}/file")
    public Response download(@PathParam("id") long id, @QueryParam("part") String part, @Context HttpHeaders headers,
            @Context RoutingContext context) {
        Viewer viewer = Viewer.of(identity);
        if (part != null) {
            return downloads.part(viewer, id, RecordingApi.partNumber(part), headers, context);
        }
        return answer(viewer, id, "the whole recording as one file",
                downloads.whole(viewer, id, RecordingExports.Kind.WHOLE, headers, context));
    }

    @GET
    @Path("{id}/mp4")
    public Response mp4(@PathParam("id") long id, @Context HttpHeaders headers, @Context RoutingContext context) {
        Viewer viewer = Viewer.of(identity);
        return answer(viewer, id, "the MP4", downloads.whole(viewer, id, RecordingExports.Kind.MP4, headers, context));
    }

    /** The file, or a page that says how far it is and asks again by itself. */
    private Response answer(Viewer viewer, long id, String what, RecordingDownloads.Answer answer) {
        if (answer.ready()) {
            return answer.file();
        }
        String page = RecordingTemplates.making(viewer, recordings.get(viewer, id), what,
                (int) Math.round(answer.progress() * 100), RecordingApi.RETRY_AFTER_SECONDS).render();
        return Response.accepted(page).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Retry-After", RecordingApi.RETRY_AFTER_SECONDS).build();
    }
}
