package dev.streamvcr.notify;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * notifications_show, channel_add, channel_events, channel_delete, channel_test: a person's notification channels,
 * their events, test sends and the delivery log. Every POST answers with a redirect (post/redirect/get), so a reload
 * never sends a test again; the page after it says what happened from the viewer's own rows (the channel added, the
 * test's log line), never from text in the address, which anyone could write.
 */
@Path("/account/notifications")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class NotificationPage {

    @Inject
    NotificationService notifications;

    @Inject
    SecurityIdentity identity;

    @GET
    public Response show(@QueryParam("added") Long added, @QueryParam("saved") Long saved,
            @QueryParam("deleted") String deleted, @QueryParam("tested") Long tested) {
        Viewer viewer = Viewer.of(identity);
        String notice = null;
        String refusal = null;
        if (tested != null) {
            NotificationService.DeliveryView test = notifications.delivery(viewer, tested);
            if (test.lastError() == null) {
                notice = "Test sent: " + test.channel() + " took it.";
            } else {
                refusal = "Test failed: " + test.channel() + ": " + test.lastError();
            }
        } else if (added != null) {
            notice = "Added " + notifications.channel(viewer, added).label() + ". Send it a test to check it works.";
        } else if (saved != null) {
            notice = "Saved the events of " + notifications.channel(viewer, saved).label() + ".";
        } else if (deleted != null) {
            notice = "Deleted the channel; its lines in the delivery log stay.";
        }
        return page(NotifyTemplates.ChannelForm.EMPTY, Map.of(), notice, refusal, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@RestForm String kind, @RestForm String target, @RestForm List<String> events) {
        try {
            NotificationService.ChannelView added = notifications.add(Viewer.of(identity), kind, target, events);
            return back("added", added.id());
        } catch (FieldErrors e) {
            return page(new NotifyTemplates.ChannelForm(kind, target, events == null ? List.of() : events), e.fields(),
                    null, null, 400);
        }
    }

    @POST
    @Path("{id}/events")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response choose(@PathParam("id") long id, @RestForm List<String> events) {
        try {
            notifications.choose(Viewer.of(identity), id, events);
        } catch (FieldErrors e) {
            return page(NotifyTemplates.ChannelForm.EMPTY, Map.of(), null, e.getMessage(), 400);
        }
        return back("saved", id);
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id) {
        notifications.delete(Viewer.of(identity), id);
        return back("deleted", "");
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@PathParam("id") long id) {
        return back("tested", notifications.sendTest(Viewer.of(identity), id).id());
    }

    private static Response back(String param, Object value) {
        return Response.seeOther(UriBuilder.fromPath("/account/notifications").queryParam(param, value).build())
                .build();
    }

    private Response page(NotifyTemplates.ChannelForm form, Map<String, String> errors, String notice, String refusal,
            int status) {
        Viewer viewer = Viewer.of(identity);
        return Response.status(status).entity(NotifyTemplates.notifications(viewer, notifications.channels(viewer),
                notifications.deliveries(viewer), NoticeKind.CHOOSABLE, form, errors, notice, refusal).render())
                .build();
    }
}
