package dev.streamvcr.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The hole between two parts of a recording. A new part opens when a node restarted or another node took the work
 * over; a live RTMP stream has no rewind, so what went out between the earlier part's last media and the new part's
 * first is lost. An HLS part that continues after the earlier one's last segment ({@code lastMediaSequence}) loses
 * nothing of what the playlist still lists, and its follower reports segments that left it as gaps of their own.
 */
final class PartHandover {

    /** Holes shorter than this are the handover's own jitter, not lost media. */
    static final long MIN_HOLE_MS = 500;

    private PartHandover() {
    }

    /** A gap to record on the new part, opened at {@code openedAt} on {@code node}, or none. */
    static Optional<RecordingGap> hole(RecordingPart earlier, long newPartId, String node, Instant openedAt) {
        if (earlier.lastMediaSequence != null) {
            return Optional.empty();
        }
        Instant lastMedia = earlier.startedAt.plusMillis(earlier.durationMs);
        long lengthMs = Duration.between(lastMedia, openedAt).toMillis();
        if (lengthMs < MIN_HOLE_MS) {
            return Optional.empty();
        }
        RecordingGap gap = new RecordingGap();
        gap.partId = newPartId;
        gap.startedAt = lastMedia;
        gap.lengthMs = lengthMs;
        gap.kind = RecordingGap.Kind.HANDOVER;
        gap.cause = earlier.node == null || earlier.node.equals(node)
                ? "node " + node + " restarted; part " + (earlier.partNumber + 1) + " began after the restart"
                : "node " + earlier.node + " stopped; node " + node + " took the work over in part "
                        + (earlier.partNumber + 1);
        return Optional.of(gap);
    }
}
