package dev.streamvcr.recording;

import dev.streamvcr.reservation.Reservation;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** What a reservation captured: one or more parts on storage and totals over them. */
@Entity
@Table(name = "recording")
public class Recording extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @OneToOne(optional = false)
    @JoinColumn(name = "reservation_id")
    public Reservation reservation;

    @Column(name = "owner_id", nullable = false)
    public Long ownerId;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(nullable = false)
    public long bytes;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    /** Bits per second over the last few seconds while recording; the average once finished. */
    @Column(nullable = false)
    public long bitrate;

    @Column(name = "video_codec", length = 32)
    public String videoCodec;

    @Column(name = "audio_codec", length = 32)
    public String audioCodec;

    public static Optional<Recording> forReservation(long reservationId) {
        return find("reservation.id", reservationId).firstResultOptional();
    }
}
