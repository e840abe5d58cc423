package dev.streamvcr.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Where one person is told about chosen events: an email address or a webhook URL. */
@Entity
@Table(name = "notification_channel")
public class NotificationChannel extends PanacheEntityBase {

    /** How a channel is reached. */
    public enum Kind {
        EMAIL, WEBHOOK
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Kind kind;

    /** The email address or the webhook URL. */
    @Column(nullable = false, length = 2048)
    public String target;

    /** The HMAC-SHA256 key of a webhook's signatures, hex; null for email. */
    @Column(length = 64)
    public String secret;

    @Column(nullable = false, length = 400)
    public String events;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Set<NoticeKind> eventSet() {
        Set<NoticeKind> set = EnumSet.noneOf(NoticeKind.class);
        Arrays.stream(events.split(",")).map(NoticeKind::fromWire).forEach(k -> k.ifPresent(set::add));
        return set;
    }

    public void eventSet(Set<NoticeKind> kinds) {
        events = kinds.stream().sorted().map(NoticeKind::wire).collect(Collectors.joining(","));
    }

    /** How the log and pages name the channel: "Email to a@b.example" or "Webhook https://…". */
    public String label() {
        return (kind == Kind.EMAIL ? "Email to " : "Webhook ") + target;
    }

    public static List<NotificationChannel> ofUser(long userId) {
        return list("userId = ?1 order by id", userId);
    }
}
