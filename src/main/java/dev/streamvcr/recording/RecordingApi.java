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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Recordings in the JSON API, and their files. */
@Path("/api/v1/recordings")
@Authenticated
@Tag(name = "Recordings")
public class RecordingApi {

    @Inject
    RecordingService recordings;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List finished and in-progress recordings")
    public List<RecordingView> list() {
        return recordings.list(Viewer.of(identity));
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
    @Operation(summary = "Download a part (default 1): FLV from RTMP, MPEG-TS or fragmented MP4 from HLS; supports "
            + "Range, If-Range and ETag")
    public Response file(@PathParam("id") long id, @QueryParam("part") @DefaultValue("1") int part,
            @Context HttpHeaders headers, @Context RoutingContext context) {
        return recordings.download(Viewer.of(identity), id, part, headers, context);
    }
}
