package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** preview_grant in the API (bearer token or the page's session with its CSRF header). */
@Path("/api/v1/recordings/{id}/preview")
@Authenticated
@Tag(name = "Recordings")
public class PreviewGrantApi {

    @Inject
    PreviewService previews;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    /** The answer to a grant; the signed cookie comes with it. */
    public record GrantBody(String playlistUrl, Instant expiresAt) {
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant a watermarked preview", description = "Answers with the playlist URL and sets a signed "
            + "cookie scoped to the viewer's own preview directory; fetch the playlist with that cookie and the same "
            + "session or token.")
    public Response grant(@PathParam("id") long id, @Context RoutingContext context) {
        Viewer viewer = Viewer.of(identity);
        PreviewService.Grant grant = previews.grant(viewer, id);
        audit.record(viewer, id, AuditLog.Action.PREVIEW_GRANT, true, context, null);
        return Response.ok(new GrantBody(grant.playlistUrl(), grant.expiresAt()))
                .cookie(PreviewCookie.of(grant, context)).build();
    }
}
