package dev.streamvcr.notify;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's notification channels and delivery log in the API. */
@Path("/api/v1/notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationApi {

    @Inject
    NotificationService notifications;

    @Inject
    SecurityIdentity identity;

    /**
     * A new channel.
     *
     * @param kind   {@code email} or {@code webhook}
     * @param target the email address, or the webhook's http(s) URL (an ntfy topic URL is a webhook)
     * @param events any of {@code login-warning}, {@code started}, {@code gap}, {@code failed}, {@code completed},
     *               {@code channel-live}
     */
    public record NewChannel(String kind, String target, List<String> events) {
    }

    /** The events a channel gets. */
    public record Events(List<String> events) {
    }

    @GET
    @Path("channels")
    @Operation(summary = "List my notification channels", description = "Each with its kind, target, chosen events "
            + "and, for a webhook, the secret its bodies are signed with.")
    public List<NotificationService.ChannelView> channels() {
        return notifications.channels(Viewer.of(identity));
    }

    @POST
    @Path("channels")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a notification channel", description = "An email address or a webhook URL with the "
            + "events it gets. A webhook gets a generated secret (in the answer): every POST to it carries "
            + "X-StreamVCR-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret's text>. A bad "
            + "kind, address or event, a non-http(s) URL or one the outbound policy refuses answers 400 naming the "
            + "field (kind, target, events).")
    public Response add(NewChannel body) {
        NewChannel channel = body == null ? new NewChannel(null, null, null) : body;
        return Response.status(201).entity(notifications.add(Viewer.of(identity), channel.kind(), channel.target(),
                channel.events())).build();
    }

    @PUT
    @Path("channels/{id}/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Choose the events of a channel", description = "Replaces the list; an unknown event answers "
            + "400 naming events; another person's channel 404.")
    public NotificationService.ChannelView choose(@PathParam("id") long id, Events body) {
        return notifications.choose(Viewer.of(identity), id, body == null ? null : body.events());
    }

    @DELETE
    @Path("channels/{id}")
    @Operation(summary = "Delete a notification channel", description = "Its lines in the delivery log stay.")
    public NotificationService.ChannelView delete(@PathParam("id") long id) {
        return notifications.delete(Viewer.of(identity), id);
    }

    @POST
    @Path("channels/{id}/test")
    @Operation(summary = "Send a test notification", description = "Sends once, now, and answers the delivery log's "
            + "line: status sent, or failed with lastError (the mail server's or webhook's answer).")
    public NotificationService.DeliveryView test(@PathParam("id") long id) {
        return notifications.sendTest(Viewer.of(identity), id);
    }

    @GET
    @Path("deliveries")
    @Operation(summary = "My delivery log", description = "The newest 50 notifications, newest first: event, channel, "
            + "status (pending, sent, failed), attempts and the last error.")
    public List<NotificationService.DeliveryView> deliveries() {
        return notifications.deliveries(Viewer.of(identity));
    }
}
