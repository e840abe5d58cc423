package dev.streamvcr.reservation;

import dev.streamvcr.account.AppUser;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;

/** A booking repeated by a {@link SeriesRule}; each occurrence becomes an ordinary {@link Reservation}. */
@Entity
@Table(name = "series")
public class Series extends PanacheEntityBase {

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

    @Column(name = "rtmp_options", length = 4000)
    public String rtmpOptions;

    @Column(name = "hls_options", length = 1000)
    public String hlsOptions;

    /** {@code MON,WED,FRI}; all seven for a daily series. */
    @Column(nullable = false, length = 27)
    public String weekdays;

    @Column(name = "start_time", nullable = false)
    public LocalTime startTime;

    @Column(name = "duration_seconds", nullable = false)
    public long durationSeconds;

    @Column(name = "time_zone", nullable = false, length = 64)
    public String timeZone;

    @Column(name = "first_date", nullable = false)
    public LocalDate firstDate;

    @Column(name = "occurrence_count")
    public Integer count;

    @Column(name = "until_date")
    public LocalDate untilDate;

    /** When its owner ended it; no occurrence is booked after. */
    @Column(name = "ended_at")
    public Instant endedAt;

    /** Why the last occurrence due to be booked could not be (e.g. the quota is full); null when all went well. */
    @Column
    public String problem;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public SeriesRule rule() {
        return new SeriesRule(SeriesRule.parseDays(Arrays.asList(weekdays.split(","))), startTime,
                Duration.ofSeconds(durationSeconds), ZoneId.of(timeZone), firstDate, count, untilDate);
    }
}
