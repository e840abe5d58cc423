package dev.streamvcr.audit;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** audit_show (page) and the same list in the API, for admins, filterable by recording and user. */
@RolesAllowed("admin")
@Path("/")
public class AuditPage {

    private static final int LIMIT = 500;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("admin/audit")
    @Produces(MediaType.TEXT_HTML)
    public String show(@QueryParam("recording") String recording, @QueryParam("user") String user) {
        Long recordingId = recordingId(recording);
        return AuditTemplates.audit(Viewer.of(identity), audit.search(recordingId, user, LIMIT),
                recording == null ? "" : recording, user == null ? "" : user).render();
    }

    @GET
    @Path("api/v1/audit")
    @Produces(MediaType.APPLICATION_JSON)
    public List<AuditEvent> list(@QueryParam("recording") String recording, @QueryParam("user") String user) {
        return audit.search(recordingId(recording), user, LIMIT);
    }

    private static Long recordingId(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw dev.streamvcr.web.FieldErrors.of("recording", "A recording is given by its number.");
        }
    }
}
