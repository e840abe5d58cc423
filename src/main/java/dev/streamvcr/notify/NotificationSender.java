package dev.streamvcr.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundClients;
import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundRequest;
import dev.streamvcr.outbound.OutboundResponse;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one attempt at one delivery: an email through the Quarkus mailer, or a signed JSON POST through the
 * outbound policy's webhook client. Blocks for at most {@code STREAMVCR_NOTIFY_TIMEOUT}; call it off the event loop.
 */
@ApplicationScoped
public class NotificationSender {

    /** Largest answer read from a webhook; its body only goes into the log's error line. */
    static final long MAX_ANSWER_BYTES = 16 * 1024;

    @Inject
    ReactiveMailer mailer;

    @Inject
    OutboundClients clients;

    @Inject
    ObjectMapper json;

    @Inject
    StreamVcrConfig config;

    /** Sends it once; the empty result means delivered, otherwise why not, in a sentence a person can act on. */
    public Optional<String> attempt(NotificationDelivery delivery, NotificationChannel channel) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a notification is never sent from an event loop");
        }
        try {
            return channel.kind == NotificationChannel.Kind.EMAIL ? email(delivery, channel)
                    : webhook(delivery, channel);
        } catch (RuntimeException e) {
            return Optional.of("Could not send: " + e.getMessage());
        }
    }

    private Optional<String> email(NotificationDelivery delivery, NotificationChannel channel) {
        try {
            mailer.send(Mail.withText(channel.target, delivery.subject, text(delivery)))
                    .await().atMost(config.notifications().timeout());
            return Optional.empty();
        } catch (io.smallrye.mutiny.TimeoutException e) {
            return Optional.of("The mail server did not take the message within "
                    + config.notifications().timeout().toSeconds() + " s.");
        } catch (RuntimeException e) {
            return Optional.of("The mail server did not take the message: " + describe(e));
        }
    }

    private Optional<String> webhook(NotificationDelivery delivery, NotificationChannel channel) {
        byte[] body = delivery.payload.getBytes(StandardCharsets.UTF_8);
        OutboundRequest request = new OutboundRequest(URI.create(channel.target), "POST",
                Map.of("Content-Type", "application/json", "User-Agent", "StreamVCR-Webhook/1",
                        "X-StreamVCR-Event", delivery.event.wire(),
                        "X-StreamVCR-Delivery", String.valueOf(delivery.id),
                        WebhookSignature.HEADER, WebhookSignature.sign(channel.secret, body)),
                body, null, MAX_ANSWER_BYTES, 3, config.notifications().timeout());
        try {
            OutboundResponse answer = clients.webhooks().fetchAndWait(request);
            if (answer.ok()) {
                return Optional.empty();
            }
            return Optional.of("The webhook answered " + answer.status() + " " + answer.statusMessage() + ".");
        } catch (OutboundFailure e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The email's text, made from the webhook body so both say the same. */
    String text(NotificationDelivery delivery) {
        try {
            JsonNode body = json.readTree(delivery.payload);
            StringBuilder text = new StringBuilder();
            text.append(body.path("eventLabel").asText()).append('\n');
            line(text, "Title", body.path("title"));
            line(text, "Booked start", body.path("startAt"));
            line(text, "Booked end", body.path("endAt"));
            line(text, "At", body.path("at"));
            text.append('\n').append(body.path("message").asText("")).append("\n\n");
            line(text, "Open", body.path("link"));
            return text.toString();
        } catch (IOException e) {
            return delivery.payload;
        }
    }

    private static void line(StringBuilder text, String name, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            text.append(name).append(": ").append(value.asText()).append('\n');
        }
    }

    /** The innermost cause that says something (the SMTP server's own answer, or the refused connection). */
    private static String describe(Throwable e) {
        String said = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                said = t.getMessage().strip();
            }
        }
        return said;
    }
}
