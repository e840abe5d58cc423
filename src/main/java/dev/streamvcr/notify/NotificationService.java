package dev.streamvcr.notify;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.outbound.OutboundPurpose;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A person's notification channels, their test sends and their delivery log; each person sees only their own. */
@ApplicationScoped
public class NotificationService {

    /** Channels one person may have. */
    static final int MAX_CHANNELS = 20;
    /** Lines of the delivery log shown. */
    public static final int LOG_LINES = 50;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\".]+");

    @Inject
    StreamVcrConfig config;

    @Inject
    NotificationSender sender;

    @Inject
    NotificationOutbox outbox;

    /**
     * A channel as its owner sees it; the webhook secret is theirs to read.
     *
     * @param label "Email to a@b.example" or "Webhook https://…"
     */
    public record ChannelView(long id, String kind, String label, String target, String secret, List<String> events,
            Instant createdAt) {
        static ChannelView of(NotificationChannel c) {
            return new ChannelView(c.id, c.kind.name().toLowerCase(Locale.ROOT), c.label(), c.target, c.secret,
                    c.eventSet().stream().map(NoticeKind::wire).toList(), c.createdAt);
        }

        public boolean chose(String event) {
            return events.contains(event);
        }
    }

    /** One line of the delivery log. */
    public record DeliveryView(long id, long channelId, String channel, String event, String eventLabel,
            String status, int attempts, String lastError, Instant createdAt, Instant finishedAt) {
        static DeliveryView of(NotificationDelivery d) {
            return new DeliveryView(d.id, d.channelId, d.channelLabel, d.event.wire(), d.event.label(),
                    d.status.name().toLowerCase(Locale.ROOT), d.attempts, d.lastError, d.createdAt, d.finishedAt);
        }
    }

    @Transactional
    public List<ChannelView> channels(Viewer viewer) {
        return NotificationChannel.ofUser(viewer.id()).stream().map(ChannelView::of).toList();
    }

    /** One of the viewer's channels; another person's is not found. */
    @Transactional
    public ChannelView channel(Viewer viewer, long id) {
        return ChannelView.of(owned(viewer, id));
    }

    /** One line of the viewer's delivery log; another person's is not found. */
    @Transactional
    public DeliveryView delivery(Viewer viewer, long id) {
        NotificationDelivery delivery = NotificationDelivery.findById(id);
        if (delivery == null || delivery.userId != viewer.id()) {
            throw new NotFound("No notification " + id + ".");
        }
        return DeliveryView.of(delivery);
    }

    @Transactional
    public List<DeliveryView> deliveries(Viewer viewer) {
        return NotificationDelivery.latestOf(viewer.id(), LOG_LINES).stream().map(DeliveryView::of).toList();
    }

    /**
     * Adds a channel: {@code kind} {@code email} with an address, or {@code webhook} with an http(s) URL the
     * outbound policy allows (checked now with a DNS lookup, and again at every send). A webhook gets a new secret.
     *
     * @throws FieldErrors naming {@code kind}, {@code target} or {@code events}
     */
    @Transactional
    public ChannelView add(Viewer viewer, String kind, String target, Collection<String> events) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        NotificationChannel.Kind parsed = kind(kind, errors);
        String checked = parsed == null ? null : target(parsed, target, errors);
        Set<NoticeKind> chosen = events(events, errors);
        if (NotificationChannel.count("userId", viewer.id()) >= MAX_CHANNELS) {
            errors.add("kind", "You have " + MAX_CHANNELS + " channels already; delete one first.");
        }
        errors.throwIfAny();
        NotificationChannel channel = new NotificationChannel();
        channel.userId = viewer.id();
        channel.kind = parsed;
        channel.target = checked;
        channel.secret = parsed == NotificationChannel.Kind.WEBHOOK ? WebhookSignature.newSecret() : null;
        channel.eventSet(chosen);
        channel.createdAt = Instant.now();
        channel.persist();
        return ChannelView.of(channel);
    }

    /** Chooses the events of one of the viewer's channels. */
    @Transactional
    public ChannelView choose(Viewer viewer, long id, Collection<String> events) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        Set<NoticeKind> chosen = events(events, errors);
        errors.throwIfAny();
        NotificationChannel channel = owned(viewer, id);
        channel.eventSet(chosen);
        return ChannelView.of(channel);
    }

    /** Deletes one of the viewer's channels; its log lines stay, its pending notifications are given up. */
    @Transactional
    public ChannelView delete(Viewer viewer, long id) {
        NotificationChannel channel = owned(viewer, id);
        ChannelView view = ChannelView.of(channel);
        channel.delete();
        return view;
    }

    /**
     * Sends a test notification to one of the viewer's channels now, once, and returns its log line: sent, or failed
     * with the reason. It is not retried, so the answer is final.
     */
    public DeliveryView sendTest(Viewer viewer, long id) {
        NotificationDelivery delivery = QuarkusTransaction.requiringNew().call(() -> {
            NotificationChannel channel = owned(viewer, id);
            NotificationDelivery d = outbox.pending(channel, new Notice(NoticeKind.TEST, viewer.id(), null,
                    "Test notification", null, null, Instant.now(),
                    "This is a test from StreamVCR: " + channel.label() + " works."));
            d.attempts = 1;
            d.nextAttemptAt = Instant.now().plus(config.notifications().timeout().multipliedBy(3));
            d.persist();
            return d;
        });
        NotificationChannel channel = QuarkusTransaction.requiringNew().call(() -> owned(viewer, id));
        Optional<String> error = sender.attempt(delivery, channel);
        return QuarkusTransaction.requiringNew().call(() -> {
            NotificationDelivery d = NotificationDelivery.findById(delivery.id);
            d.status = error.isEmpty() ? NotificationDelivery.Status.SENT : NotificationDelivery.Status.FAILED;
            d.lastError = error.map(e -> NotificationOutbox.cut(e, 2000)).orElse(null);
            d.finishedAt = Instant.now();
            return DeliveryView.of(d);
        });
    }

    private static NotificationChannel owned(Viewer viewer, long id) {
        NotificationChannel channel = NotificationChannel.findById(id);
        if (channel == null || channel.userId != viewer.id()) {
            throw new NotFound("No notification channel " + id + ".");
        }
        return channel;
    }

    private static NotificationChannel.Kind kind(String kind, FieldErrors.Builder errors) {
        if (kind != null) {
            for (NotificationChannel.Kind k : NotificationChannel.Kind.values()) {
                if (k.name().equalsIgnoreCase(kind.strip())) {
                    return k;
                }
            }
        }
        errors.add("kind", "Choose email or webhook.");
        return null;
    }

    private String target(NotificationChannel.Kind kind, String target, FieldErrors.Builder errors) {
        String value = target == null ? "" : target.strip();
        if (value.isEmpty()) {
            errors.add("target", kind == NotificationChannel.Kind.EMAIL ? "Give an email address."
                    : "Give the webhook's address, e.g. https://ntfy.sh/my-topic.");
            return null;
        }
        if (value.length() > 2048) {
            errors.add("target", "At most 2048 characters.");
            return null;
        }
        if (kind == NotificationChannel.Kind.EMAIL) {
            if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
                errors.add("target", "'" + value + "' is not an email address like name@example.org.");
            }
            return value;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            errors.add("target", "That is not a web address: " + e.getReason() + ".");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            errors.add("target", "A webhook address starts with http:// or https://.");
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            errors.add("target", "The webhook address has no host name.");
            return null;
        }
        if (uri.getUserInfo() != null) {
            errors.add("target", "Leave the user name and password out of the address.");
            return null;
        }
        try {
            OutboundPolicy.of(OutboundPurpose.WEBHOOKS, config).resolve(uri.getHost());
        } catch (OutboundPolicy.Refused e) {
            errors.add("target", e.getMessage());
        }
        return value;
    }

    private static Set<NoticeKind> events(Collection<String> events, FieldErrors.Builder errors) {
        Set<NoticeKind> chosen = EnumSet.noneOf(NoticeKind.class);
        for (String event : events == null ? List.<String>of() : events) {
            Optional<NoticeKind> kind = NoticeKind.fromWire(event);
            if (kind.isEmpty()) {
                errors.add("events", "'" + event + "' is not an event; choose from "
                        + String.join(", ", NoticeKind.CHOOSABLE.stream().map(NoticeKind::wire).toList()) + ".");
            }
            kind.ifPresent(chosen::add);
        }
        return chosen;
    }
}
