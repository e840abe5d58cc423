package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** recordings_list and recording_download for the browser (session cookie). */
@Path("/recordings")
@Authenticated
public class RecordingPages {

    @Inject
    RecordingService recordings;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String list() {
        Viewer viewer = Viewer.of(identity);
        return RecordingTemplates.recordings(viewer, recordings.list(viewer)).render();
    }

    @GET
    @Path("{id}/file")
    public Response download(@PathParam("id") long id, @QueryParam("part") @DefaultValue("1") int part,
            @Context HttpHeaders headers, @Context RoutingContext context) {
        return recordings.download(Viewer.of(identity), id, part, headers, context);
    }
}
