package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.recording.RecordingService;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** preview_grant from the recordings page (a form), and preview_show: the player. */
@Path("/recordings/{id}/preview")
@Authenticated
public class PreviewPage {

    @Inject
    PreviewService previews;

    @Inject
    RecordingService recordings;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response grant(@PathParam("id") long id, @Context RoutingContext context) {
        Viewer viewer = Viewer.of(identity);
        PreviewService.Grant grant = previews.grant(viewer, id);
        audit.record(viewer, id, AuditLog.Action.PREVIEW_GRANT, true, context, null);
        return Response.seeOther(URI.create("/recordings/" + id + "/preview"))
                .cookie(PreviewCookie.of(grant, context)).build();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String show(@PathParam("id") long id) {
        Viewer viewer = Viewer.of(identity);
        return PreviewTemplates.preview(viewer, recordings.get(viewer, id), PreviewGrant.prefix(viewer.id(), id) + "index.m3u8",
                previews.ffmpegOrigin()).render();
    }
}
