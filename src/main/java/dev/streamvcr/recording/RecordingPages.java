package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** recordings_list, recording_show, recording_download and recording_mp4 for the browser (session cookie). */
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
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String list() {
        Viewer viewer = Viewer.of(identity);
        return RecordingTemplates.recordings(viewer, recordings.list(viewer)).render();
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
        return RecordingTemplates.recording(viewer, recording, mp4).render();
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
