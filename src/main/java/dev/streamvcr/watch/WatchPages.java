package dev.streamvcr.watch;

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
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** watches_list, watch_create, watch_pause, watch_resume, watch_delete_confirm, watch_delete. */
@Path("/watches")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class WatchPages {

    @Inject
    WatchService watches;

    @Inject
    SecurityIdentity identity;

    @GET
    public Response list() {
        return page(WatchTemplates.Form.empty(), Map.of(), null, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String title, @RestForm String pageUrl, @RestForm String intervalMinutes,
            @RestForm String maxLengthMinutes, @RestForm String fromTime, @RestForm String untilTime,
            @RestForm List<String> days, @RestForm String timeZone) {
        List<String> chosen = days == null ? List.of() : days;
        WatchTemplates.Form form = new WatchTemplates.Form(orEmpty(title), orEmpty(pageUrl), orEmpty(intervalMinutes),
                orEmpty(maxLengthMinutes), orEmpty(fromTime), orEmpty(untilTime), chosen, orEmpty(timeZone));
        FieldErrors.Builder numbers = new FieldErrors.Builder();
        Integer interval = number("intervalMinutes", intervalMinutes, numbers);
        Integer length = number("maxLengthMinutes", maxLengthMinutes, numbers);
        try {
            numbers.throwIfAny();
            WatchView view = watches.create(viewer(), new WatchRequest(title, pageUrl, interval, length, fromTime,
                    untilTime, chosen.isEmpty() ? null : chosen, timeZone));
            return page(WatchTemplates.Form.empty(), Map.of(), "Watching " + view.pageUrl() + "; it is checked "
                    + "within seconds.", 201);
        } catch (FieldErrors e) {
            return page(form, e.fields(), null, 400);
        }
    }

    @POST
    @Path("{id}/pause")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pause(@PathParam("id") long id) {
        WatchView view = watches.pause(viewer(), id, true);
        return page(WatchTemplates.Form.empty(), Map.of(), "Paused \"" + view.title() + "\".", 200);
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@PathParam("id") long id) {
        WatchView view = watches.pause(viewer(), id, false);
        return page(WatchTemplates.Form.empty(), Map.of(), "Resumed \"" + view.title() + "\".", 200);
    }

    /** What deleting the watch means, and the button that does it. */
    @GET
    @Path("{id}/delete")
    public String confirmDelete(@PathParam("id") long id) {
        return WatchTemplates.confirmDelete(viewer(), watches.get(viewer(), id)).render();
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id) {
        String title = watches.get(viewer(), id).title();
        watches.delete(viewer(), id);
        return page(WatchTemplates.Form.empty(), Map.of(), "Deleted the watch \"" + title + "\".", 200);
    }

    private Response page(WatchTemplates.Form form, Map<String, String> errors, String notice, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(WatchTemplates.watches(viewer(),
                watches.list(viewer()), form, WatchTemplates.DAYS, errors, notice).render()).build();
    }

    private static Integer number(String field, String raw, FieldErrors.Builder errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            errors.add(field, "'" + raw.strip() + "' is not a whole number of minutes.");
            return null;
        }
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
