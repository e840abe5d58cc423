package dev.streamvcr.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamvcr.config.StreamVcrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where the code that sees something happen (a state change, a failed site login, a channel going live) drops it.
 * {@link #publish} only writes a row per interested channel, in the caller's transaction, so a notice exists exactly
 * when the change it tells about was committed, survives a restart and is sent by whichever node claims it first;
 * nothing here waits for a mail or webhook server. Sending is the {@link DeliveryWorker}'s.
 *
 * <p>An outbox table rather than CDI async events: an async event lives in one JVM's memory and is lost when the node
 * stops between the commit and the send, and it would be sent by the node that saw the change even while another node
 * is idle; a row is neither.
 */
@ApplicationScoped
public class NotificationOutbox {

    private static final Logger LOG = Logger.getLogger(NotificationOutbox.class);

    @Inject
    ObjectMapper json;

    @Inject
    StreamVcrConfig config;

    /**
     * Writes one pending delivery for each of the person's channels that chose this notice's kind. Joins the caller's
     * transaction; reads the channels and persists the rows, nothing more.
     */
    @Transactional
    public void publish(Notice notice) {
        List<NotificationChannel> channels = NotificationChannel.ofUser(notice.userId()).stream()
                .filter(c -> c.eventSet().contains(notice.kind())).toList();
        for (NotificationChannel channel : channels) {
            pending(channel, notice).persist();
        }
        if (!channels.isEmpty()) {
            LOG.debugf("Notice %s of reservation %s queued for %d channel(s)", notice.kind(), notice.reservationId(),
                    channels.size());
        }
    }

    /** A delivery of {@code notice} to {@code channel}, due now and not yet persisted. */
    NotificationDelivery pending(NotificationChannel channel, Notice notice) {
        NotificationDelivery delivery = new NotificationDelivery();
        delivery.channelId = channel.id;
        delivery.userId = channel.userId;
        delivery.channelLabel = cut(channel.label(), 2100);
        delivery.event = notice.kind();
        delivery.subject = cut(subject(notice), 400);
        delivery.payload = payload(notice);
        delivery.status = NotificationDelivery.Status.PENDING;
        delivery.createdAt = Instant.now();
        delivery.nextAttemptAt = delivery.createdAt;
        return delivery;
    }

    static String subject(Notice notice) {
        return "StreamVCR: " + notice.kind().label() + (notice.title() == null ? "" : " · " + notice.title());
    }

    /** The webhook body: event, reservation, times in ISO-8601 UTC, the message and a link. */
    String payload(Notice notice) {
        ObjectNode body = json.createObjectNode();
        body.put("event", notice.kind().wire());
        body.put("eventLabel", notice.kind().label());
        if (notice.reservationId() != null) {
            body.put("reservationId", notice.reservationId());
        }
        body.put("title", notice.title());
        body.put("startAt", notice.startAt() == null ? null : notice.startAt().toString());
        body.put("endAt", notice.endAt() == null ? null : notice.endAt().toString());
        body.put("at", notice.at().toString());
        body.put("message", notice.message());
        body.put("link", link(notice));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private String link(Notice notice) {
        String path = notice.reservationId() == null ? "/reservations" : "/reservations/" + notice.reservationId();
        return config.notifications().baseUrl().map(base -> base.replaceAll("/+$", "") + path).orElse(path);
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
