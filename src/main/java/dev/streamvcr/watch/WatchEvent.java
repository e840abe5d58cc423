package dev.streamvcr.watch;

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

/** A line of a watch's history: written when a check's outcome differs from the one before, not per check. */
@Entity
@Table(name = "channel_watch_event")
public class WatchEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "watch_id", nullable = false)
    public long watchId;

    @Column(nullable = false)
    public Instant at;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    public WatchOutcome outcome;

    @Column(nullable = false, length = 2000)
    public String reason;

    @Column(name = "reservation_id")
    public Long reservationId;

    /** A watch's history, oldest first. */
    public static List<WatchEvent> history(long watchId) {
        return list("watchId = ?1 order by id", watchId);
    }
}
