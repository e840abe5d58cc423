package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Storage use, quotas, volumes and retention in the JSON API. */
@Path("/api/v1/storage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Storage")
public class StorageApi {

    @Inject
    StorageService storage;

    @Inject
    SecurityIdentity identity;

    /** The JSON body of PUT /api/v1/storage/users/{id}: null (or absent) means the node's default. */
    public record RulesBody(Integer keepDays, Integer keepNewest, Long quotaBytes) {
    }

    @GET
    @Operation(summary = "Storage use per user (yours; every user's for admins), total, free space per volume (admins), "
            + "and what the retention policy deletes at its next run")
    public StorageService.Overview overview() {
        return storage.overview(Viewer.of(identity));
    }

    @PUT
    @Path("users/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a user's own retention (keepDays 1-36500, keepNewest 1-1000000) and quota (bytes)",
            description = "Admins only. Out-of-range values are refused with 400 naming the field. A quota below what the "
                    + "user already uses is accepted with a warning: it refuses new recordings, it deletes nothing.")
    public StorageService.Changed change(@PathParam("id") long id, RulesBody body) {
        RulesBody rules = body == null ? new RulesBody(null, null, null) : body;
        return storage.change(Viewer.of(identity), id, rules.keepDays(), rules.keepNewest(), rules.quotaBytes());
    }
}
