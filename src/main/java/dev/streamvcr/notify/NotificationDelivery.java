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
import java.util.List;

/**
 * One notification to one channel: written in the transaction of the change it tells about (the outbox), then sent
 * and retried by the {@link DeliveryWorker}; it stays as the delivery log's line.
 */
@Entity
@Table(name = "notification_delivery")
public class NotificationDelivery extends PanacheEntityBase {

    /** Where a delivery is. */
    public enum Status {
        PENDING, SENT, FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "channel_id", nullable = false)
    public long channelId;

    @Column(name = "user_id", nullable = false)
    public long userId;

    /** The channel as it was named when the delivery was made (it may be deleted since). */
    @Column(name = "channel_label", nullable = false, length = 2100)
    public String channelLabel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public NoticeKind event;

    /** An email's subject line. */
    @Column(nullable = false, length = 400)
    public String subject;

    /** The webhook's JSON body, which is signed as it is; an email's text is made from it. */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error", length = 2000)
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The newest {@code limit} deliveries of one person, newest first. */
    public static List<NotificationDelivery> latestOf(long userId, int limit) {
        return find("userId = ?1 order by id desc", userId).page(0, limit).list();
    }
}
