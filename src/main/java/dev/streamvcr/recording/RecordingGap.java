package dev.streamvcr.recording;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A time inside a part when the stream was gone and the session reconnected. */
@Entity
@Table(name = "recording_gap")
public class RecordingGap extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "part_id", nullable = false)
    public Long partId;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "length_ms", nullable = false)
    public long lengthMs;

    @Column(nullable = false)
    public String cause;
}
