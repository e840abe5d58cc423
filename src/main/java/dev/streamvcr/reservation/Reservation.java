package dev.streamvcr.reservation;

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

/** A booked recording: a source, a time window, and where the work stands. */
@Entity
@Table(name = "reservation")
public class Reservation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "owner_id")
    public AppUser owner;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(name = "source_url", nullable = false, length = 2048)
    public String sourceUrl;

    /** librtmp-style options from the Advanced section, added after the stream's own; null when none. */
    @Column(name = "rtmp_options", length = 4000)
    public String rtmpOptions;

    /** HLS options as option text ({@code maxHeight=720 keepAds=1}), or null. */
    @Column(name = "hls_options", length = 1000)
    public String hlsOptions;

    @Column(name = "start_at", nullable = false)
    public Instant startAt;

    @Column(name = "end_at", nullable = false)
    public Instant endAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    public ReservationState state;

    @Column(name = "state_reason")
    public String stateReason;

    @Column(name = "stop_requested", nullable = false)
    public boolean stopRequested;

    @Column(name = "stop_reason")
    public String stopReason;

    @Column(name = "lease_owner", length = 200)
    public String leaseOwner;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The series this reservation is an occurrence of, or null. */
    @Column(name = "series_id")
    public Long seriesId;

    /** The local date of its occurrence in the series' time zone, or null. */
    @Column(name = "series_date")
    public java.time.LocalDate seriesDate;
}
