package dev.streamvcr.watch;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Channel watches in the JSON API; users see their own, admins see all. */
@Path("/api/v1/watches")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Channel watches")
public class WatchApi {

    @Inject
    WatchService watches;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Watch a channel's page and record whenever it goes live",
            description = "pageUrl is the channel's http(s) page, resolved like a booked page (site plugins, recipes, "
                    + "generic discovery, your site logins). It is checked every intervalMinutes (at least 1; a little "
                    + "is added at random), only between fromTime and untilTime (\"18:00\"; both or neither; an end "
                    + "before the start runs over midnight) on the given days ([\"MONDAY\", …]; none: every day) in "
                    + "timeZone (default: the server's). When a stream is found a recording starts at once, lasting "
                    + "at most maxLengthMinutes (default: the longest a booking may last); it stops once the channel "
                    + "has been offline for the grace period, and the page is watched again. One broadcast (the same "
                    + "stream address) is recorded once. A bad field is 400 naming it.")
    public Response create(WatchRequest body) {
        WatchRequest request = body == null ? new WatchRequest(null, null, null, null, null, null, null, null) : body;
        WatchView view = watches.create(viewer(), request);
        return Response.created(URI.create("/api/v1/watches/" + view.id())).entity(view).build();
    }

    @GET
    @Operation(summary = "List channel watches with their history", description = "Newest first; an admin sees all.")
    public List<WatchView> list() {
        return watches.list(viewer());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One channel watch with its history",
            description = "The history has a line each time a check's outcome changed (OFFLINE, LIVE with the "
                    + "reservation booked, RECORDED, OUTSIDE_HOURS, FAILED with why), not one per check. Another "
                    + "user's watch is 404.")
    public WatchView get(@PathParam("id") long id) {
        return watches.get(viewer(), id);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause a watch", description = "No more checks until it is resumed; a recording it booked "
            + "goes on.")
    public WatchView pause(@PathParam("id") long id) {
        return watches.pause(viewer(), id, true);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a paused watch", description = "The page is checked at the next tick.")
    public WatchView resume(@PathParam("id") long id) {
        return watches.pause(viewer(), id, false);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a watch and its history", description = "A recording it booked goes on as an "
            + "ordinary reservation.")
    public Response delete(@PathParam("id") long id) {
        watches.delete(viewer(), id);
        return Response.noContent().build();
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
