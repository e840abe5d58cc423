package dev.streamvcr.recording;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One file of a recording: what one node wrote in one continuous session (a restart starts a new part). */
@Entity
@Table(name = "recording_part")
public class RecordingPart extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "recording_id", nullable = false)
    public Long recordingId;

    @Column(name = "part_number", nullable = false)
    public int partNumber;

    /** Path under the storage root, built from IDs only. */
    @Column(name = "relative_path", nullable = false, length = 300)
    public String relativePath;

    @Column(length = 200)
    public String node;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(nullable = false)
    public long bytes;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;

    /** For an HLS part, the Media Sequence Number of the last segment it holds (as of its last heartbeat). */
    @Column(name = "last_media_sequence")
    public Long lastMediaSequence;

    public static List<RecordingPart> ofRecording(long recordingId) {
        return list("recordingId = ?1 order by partNumber", recordingId);
    }
}
