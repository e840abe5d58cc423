package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The preview files. Every request needs the signed cookie of exactly this directory AND the logged-in user
 * {@code user} with the session or token the grant was issued to; anything else is 403 and audited — admins
 * included: a watermarked preview is its viewer's alone.
 */
@Path("/preview/users/{user}/{recording}")
public class PreviewFiles {

    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

    @Inject
    PreviewService previews;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("index.m3u8")
    @Produces(PLAYLIST_TYPE)
    public Response playlist(@PathParam("user") String user, @PathParam("recording") String recordingText,
            @Context RoutingContext context) {
        Viewer viewer = identity.isAnonymous() ? null : Viewer.of(identity);
        long recording = number(recordingText);
        Response refused = refuse(viewer, number(user), recording, context);
        if (refused != null) {
            return refused;
        }
        PreviewService.Playlist playlist = previews.playlist(viewer, recording);
        if (playlist.started()) {
            audit.record(viewer, recording, AuditLog.Action.PREVIEW_PLAYLIST, true, context, "transcode started");
        }
        return Response.ok(playlist.text(), PLAYLIST_TYPE).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("{file}")
    @Produces("video/mp2t")
    public Response segment(@PathParam("user") String user, @PathParam("recording") String recordingText,
            @PathParam("file") String file, @Context RoutingContext context) {
        Viewer viewer = identity.isAnonymous() ? null : Viewer.of(identity);
        long recording = number(recordingText);
        Response refused = refuse(viewer, number(user), recording, context);
        if (refused != null) {
            return refused;
        }
        return Response.ok(previews.file(viewer, recording, file), "video/mp2t")
                .header("Cache-Control", "private, max-age=3600").build();
    }

    /** Deeper paths under a preview directory: refused like the rest, else simply not there. */
    @GET
    @Path("{rest: [^/]+/.+}")
    public Response other(@PathParam("user") String user, @PathParam("recording") String recordingText,
            @Context RoutingContext context) {
        Viewer viewer = identity.isAnonymous() ? null : Viewer.of(identity);
        long recording = number(recordingText);
        Response refused = refuse(viewer, number(user), recording, context);
        return refused != null ? refused : Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "No such preview file.")).build();
    }

    /** A path's numeric ID, or -1 (which no user or recording has) for anything else. */
    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Null when the request may proceed; an audited 403 otherwise. */
    private Response refuse(Viewer viewer, long user, long recording, RoutingContext context) {
        Cookie cookie = context.request().getCookie(PreviewCookie.NAME);
        PreviewSigner.Check check = previews.check(cookie == null ? null : cookie.getValue(), context.request().path(),
                viewer);
        if (check.allowed() && viewer.id() == user) {
            return null;
        }
        String reason = check.allowed() ? "preview of another user" : check.reason();
        audit.refused(viewer, recording < 0 ? null : recording, AuditLog.Action.PREVIEW_REFUSED, context, reason,
                context.request().path());
        return Response.status(403).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "This preview is not yours, or your access to it has expired. "
                        + "Open it again from the recordings page."))
                .build();
    }
}
