package dev.streamvcr.recording;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Time missing from a recording: inside a part when the stream was gone and the session reconnected ({@code DROP}),
 * before a part that began after a restart or take-over ({@code HANDOVER}), or a part that cannot be read and is left
 * out of the whole file ({@code DAMAGED}, its {@code partId} that part).
 */
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

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Kind kind = Kind.DROP;

    /** What made the gap. */
    public enum Kind {
        DROP, HANDOVER, DAMAGED
    }
}
