package dev.streamvcr.reservation;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.web.Conflict;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** series_list, series_new, series_create, series_show, series_edit_form, series_edit, series_skip, series_end. */
@Path("/series")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SeriesPages {

    @Inject
    SeriesService series;

    @Inject
    SecurityIdentity identity;


    @GET
    public String list() {
        return SeriesTemplates.seriesList(viewer(), series.list(viewer()), horizon()).render();
    }

    @GET
    @Path("new")
    public String showNew() {
        return SeriesTemplates.seriesForm(viewer(), null, SeriesTemplates.SeriesForm.empty(), Map.of()).render();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String title, @RestForm String sourceUrl, @RestForm String repeat,
            @RestForm List<String> weekdays, @RestForm String startDate, @RestForm String startTime,
            @RestForm String endTime, @RestForm String count, @RestForm String until, @RestForm String timeZone) {
        SeriesTemplates.SeriesForm form = new SeriesTemplates.SeriesForm(title, sourceUrl, repeat, weekdays, startDate,
                startTime, endTime, count, until, timeZone);
        try {
            Series created = series.create(viewer(), request(form, false));
            return Response.seeOther(URI.create("/series/" + created.id + "?booked")).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(SeriesTemplates.seriesForm(viewer(), null, form, e.fields()).render())
                    .type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("{id}")
    public String show(@PathParam("id") long id, @QueryParam("booked") String booked,
            @QueryParam("skipped") String skipped) {
        String notice = booked != null ? "Series booked." : skipped != null ? "Occurrence skipped." : null;
        return SeriesTemplates.seriesDetail(viewer(), series.view(viewer(), id), notice, null, horizon()).render();
    }

    @GET
    @Path("{id}/edit")
    public Response showEdit(@PathParam("id") long id) {
        SeriesView view = series.view(viewer(), id);
        if (view.ended()) {
            return Response.seeOther(URI.create("/series/" + id)).build();
        }
        return Response.ok(SeriesTemplates.seriesForm(viewer(), view, SeriesTemplates.SeriesForm.of(view), Map.of())
                .render()).type(MediaType.TEXT_HTML_TYPE).build();
    }

    @POST
    @Path("{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response edit(@PathParam("id") long id, @RestForm String title, @RestForm String sourceUrl,
            @RestForm String repeat, @RestForm List<String> weekdays, @RestForm String startDate,
            @RestForm String startTime, @RestForm String endTime, @RestForm String count, @RestForm String until,
            @RestForm String timeZone) {
        SeriesView view = series.view(viewer(), id);
        SeriesTemplates.SeriesForm form = new SeriesTemplates.SeriesForm(title, sourceUrl, repeat, weekdays, startDate,
                startTime, endTime, count, until, timeZone);
        try {
            series.edit(viewer(), id, request(form, true));
            return Response.seeOther(URI.create("/series/" + id)).build();
        } catch (FieldErrors e) {
            return Response.status(400).entity(SeriesTemplates.seriesForm(viewer(), view, form, e.fields()).render())
                    .type(MediaType.TEXT_HTML_TYPE).build();
        } catch (Conflict e) {
            return Response.status(409).entity(SeriesTemplates.seriesForm(viewer(), view, form,
                    Map.of("conflict", e.getMessage())).render()).type(MediaType.TEXT_HTML_TYPE).build();
        }
    }

    @GET
    @Path("{id}/occurrences/{date}/skip")
    public Response confirmSkip(@PathParam("id") long id, @PathParam("date") String date) {
        SeriesView view = series.view(viewer(), id);
        return view.occurrences().stream().filter(o -> o.skippable() && o.date() != null
                && o.date().toString().equals(date)).findFirst()
                .map(o -> Response.ok(SeriesTemplates.confirmSkip(viewer(), view, o).render())
                        .type(MediaType.TEXT_HTML_TYPE).build())
                .orElseGet(() -> back(id, "There is no occurrence on '" + date + "' that can still be skipped."));
    }

    @POST
    @Path("{id}/occurrences/{date}/skip")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response skip(@PathParam("id") long id, @PathParam("date") String date) {
        try {
            LocalDate day = LocalDate.parse(date);
            series.skip(viewer(), id, day);
            return Response.seeOther(URI.create("/series/" + id + "?skipped=" + day)).build();
        } catch (DateTimeParseException e) {
            return back(id, "'" + date + "' is not a date.");
        } catch (Conflict e) {
            return back(id, e.getMessage());
        }
    }

    @GET
    @Path("{id}/end")
    public Response confirmEnd(@PathParam("id") long id) {
        SeriesView view = series.view(viewer(), id);
        if (view.ended()) {
            return Response.seeOther(URI.create("/series/" + id)).build();
        }
        return Response.ok(SeriesTemplates.confirmEnd(viewer(), view).render()).type(MediaType.TEXT_HTML_TYPE).build();
    }

    @POST
    @Path("{id}/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response end(@PathParam("id") long id) {
        try {
            series.end(viewer(), id);
            return Response.seeOther(URI.create("/series/" + id)).build();
        } catch (Conflict e) {
            return back(id, e.getMessage());
        }
    }

    /** The series page again, with why the action was refused. */
    private Response back(long id, String error) {
        return Response.status(409).entity(SeriesTemplates.seriesDetail(viewer(), series.view(viewer(), id), null,
                error, horizon()).render()).type(MediaType.TEXT_HTML_TYPE).build();
    }

    /** The form's text as a request; in an edit, what the form cannot show (advanced options) is kept. */
    private static SeriesRequest request(SeriesTemplates.SeriesForm form, boolean edit) {
        Integer count = null;
        String typed = form.count() == null ? "" : form.count().strip();
        if (!typed.isEmpty()) {
            try {
                count = Integer.valueOf(typed);
            } catch (NumberFormatException e) {
                throw FieldErrors.of("count", "'" + typed + "' is not a whole number of times.");
            }
        }
        boolean daily = "daily".equals(form.repeat());
        return new SeriesRequest(form.title(), form.sourceUrl(), form.repeat(),
                form.weekdays() == null || daily ? List.of() : form.weekdays(), form.startDate(), form.startTime(),
                form.endTime(), null, count, form.until() == null ? "" : form.until(), form.timeZone(),
                edit ? null : "", edit ? null : "");
    }

    /** How far ahead occurrences are booked, as the pages say it: "7 days". */
    private String horizon() {
        java.time.Duration horizon = series.horizon();
        long days = horizon.toDays();
        return horizon.equals(java.time.Duration.ofDays(days)) ? days + (days == 1 ? " day" : " days")
                : BookingRules.human(horizon);
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
