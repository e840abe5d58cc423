package dev.streamvcr.watch;

import dev.streamvcr.account.AppUser;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalTime;

/**
 * A page checked every few minutes that books a recording whenever the channel on it is live. {@code lastSource} is
 * the stream of the broadcast last booked, kept until the channel is seen offline, so one broadcast is booked once.
 */
@Entity
@Table(name = "channel_watch")
public class ChannelWatch extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "owner_id")
    public AppUser owner;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(name = "page_url", nullable = false, length = 2048)
    public String pageUrl;

    @Column(name = "interval_minutes", nullable = false)
    public int intervalMinutes;

    @Column(name = "max_length_seconds", nullable = false)
    public long maxLengthSeconds;

    /** Start of the daily hours checked, in {@link #timeZone}; null with {@link #untilTime} null: all day. */
    @Column(name = "from_time")
    public LocalTime fromTime;

    @Column(name = "until_time")
    public LocalTime untilTime;

    /** The weekdays checked as {@code MONDAY,FRIDAY}; null: every day. */
    @Column(length = 100)
    public String days;

    @Column(name = "time_zone", nullable = false, length = 100)
    public String timeZone;

    @Column(nullable = false)
    public boolean paused;

    @Column(name = "next_check_at", nullable = false)
    public Instant nextCheckAt;

    @Column(name = "lease_owner", length = 200)
    public String leaseOwner;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_outcome", length = 24)
    public WatchOutcome lastOutcome;

    @Column(name = "last_reason", length = 2000)
    public String lastReason;

    @Column(name = "last_source", length = 2048)
    public String lastSource;

    /** The reservation last booked for this watch (it may have ended since). */
    @Column(name = "reservation_id")
    public Long reservationId;

    /** When the channel was first seen offline while its recording ran; null while it is live. */
    @Column(name = "offline_since")
    public Instant offlineSince;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
