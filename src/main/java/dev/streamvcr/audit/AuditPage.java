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
import java.util.Arrays;
import java.util.List;
import dev.streamvcr.web.FieldErrors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * audit_show (page) and the same list in the API, for admins, filterable by recording, reservation, user and kind of
 * event.
 */
@RolesAllowed("admin")
@Path("/")
public class AuditPage {

    private static final int LIMIT = 500;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    /** The filter as the form shows it back. */
    public record FilterForm(String recording, String reservation, String user, String action) {
    }

    @GET
    @Path("admin/audit")
    @Produces(MediaType.TEXT_HTML)
    public String show(@QueryParam("recording") String recording, @QueryParam("reservation") String reservation,
            @QueryParam("user") String user, @QueryParam("action") String action) {
        AuditLog.Filter filter = filter(recording, reservation, user, action);
        return AuditTemplates.audit(Viewer.of(identity), audit.search(filter, LIMIT),
                new FilterForm(orEmpty(recording), orEmpty(reservation), orEmpty(user), orEmpty(action)),
                Arrays.stream(AuditLog.Action.values()).map(AuditLog.Action::id).sorted().toList()).render();
    }

    @GET
    @Path("api/v1/audit")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List audit events", description = "Newest first, at most 500; filter by recording, "
            + "reservation (IDs), user (username) and action (such as login-refused or booking-edit). subject names what "
            + "the event was about as it was called then: a reservation's title, an account's username, a site.")
    public List<AuditEvent> list(@QueryParam("recording") String recording,
            @QueryParam("reservation") String reservation, @QueryParam("user") String user,
            @QueryParam("action") String action) {
        return audit.search(filter(recording, reservation, user, action), LIMIT);
    }

    private static AuditLog.Filter filter(String recording, String reservation, String user, String action) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        Long recordingId = id(recording, "recording", "A recording is given by its number.", errors);
        Long reservationId = id(reservation, "reservation", "A reservation is given by its number.", errors);
        AuditLog.Action kind = null;
        if (action != null && !action.isBlank()) {
            kind = AuditLog.Action.byId(action.strip()).orElse(null);
            if (kind == null) {
                errors.add("action", "There is no action '" + cut(action.strip()) + "'; choose one from the list.");
            }
        }
        errors.throwIfAny();
        return new AuditLog.Filter(recordingId, reservationId, user, kind);
    }

    private static Long id(String text, String field, String message, FieldErrors.Builder errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            errors.add(field, message);
            return null;
        }
    }

    private static String cut(String text) {
        return text.length() <= 40 ? text : text.substring(0, 39) + "…";
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
