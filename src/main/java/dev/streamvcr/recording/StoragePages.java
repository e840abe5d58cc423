package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.web.FieldErrors;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** storage_show and storage_user_change (admins): use, quotas, free space, what retention deletes next. */
@Path("/storage")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class StoragePages {

    @Inject
    StorageService storage;

    @Inject
    SecurityIdentity identity;

    @GET
    public String show() {
        Viewer viewer = Viewer.of(identity);
        return StorageTemplates.storage(viewer, storage.overview(viewer), null, Map.of(), null).render();
    }

    @POST
    @Path("users/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response change(@PathParam("id") long id, @RestForm String keepDays, @RestForm String keepNewest,
            @RestForm String quotaGb) {
        Viewer viewer = Viewer.of(identity);
        try {
            FieldErrors.Builder errors = new FieldErrors.Builder();
            Integer days = whole("keepDays", keepDays, errors);
            Integer newest = whole("keepNewest", keepNewest, errors);
            Long quota = gigabytes(quotaGb, errors);
            errors.throwIfAny();
            StorageService.Changed changed = storage.change(viewer, id, days, newest, quota);
            String notice = "Saved the rules of " + changed.user().username() + "."
                    + (changed.warning() == null ? "" : " " + changed.warning());
            return Response.ok(StorageTemplates.storage(viewer, storage.overview(viewer), notice, Map.of(), null)
                    .render()).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(StorageTemplates.storage(viewer, storage.overview(viewer), null,
                    e.fields(), id).render()).build();
        }
    }

    private static Integer whole(String field, String text, FieldErrors.Builder errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.add(field, "'" + text + "' is not a whole number.");
            return null;
        }
    }

    /** The form takes GB (decimal, as phones show sizes); the rules keep bytes. */
    private static Long gigabytes(String text, FieldErrors.Builder errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.strip()).multiply(BigDecimal.valueOf(1_000_000_000L)).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add("quotaBytes", "'" + text + "' is not a number of GB.");
            return null;
        }
    }
}
