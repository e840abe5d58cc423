package dev.streamvcr.recording;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamvcr.reservation.ReservationState;
import java.time.Instant;
import java.util.List;

/** A recording as the API and pages show it. {@code inProgress} while its reservation is still running. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingView(long id, long reservationId, String title, ReservationState state, boolean inProgress,
        Instant startedAt, Instant finishedAt, long bytes, double durationSeconds, long bitrate, String videoCodec,
        String audioCodec, String fileUrl, List<Part> parts, List<Gap> gaps) {

    /** One file of the recording. */
    public record Part(int number, long bytes, double durationSeconds, Instant startedAt, Instant finishedAt,
            String fileUrl) {
    }

    /** A reconnect inside a part: when the stream went, how long it was gone, why (as the client saw it). */
    public record Gap(int part, Instant startedAt, double lengthSeconds, String cause) {

        /** "3.2 s", "1:05" for a minute and more. */
        public String lengthLabel() {
            return lengthSeconds < 60 ? String.format(java.util.Locale.ROOT, "%.1f s", lengthSeconds)
                    : String.format(java.util.Locale.ROOT, "%d:%02d", (long) lengthSeconds / 60, (long) lengthSeconds % 60);
        }
    }

    static RecordingView of(Recording r, List<RecordingPart> parts, List<RecordingGap> gaps) {
        java.util.Map<Long, Integer> partNumbers = new java.util.HashMap<>();
        parts.forEach(p -> partNumbers.put(p.id, p.partNumber));
        String base = "/api/v1/recordings/" + r.id + "/file";
        return new RecordingView(r.id, r.reservation.id, r.reservation.title, r.reservation.state,
                r.reservation.state.isActive(), r.startedAt, r.finishedAt, r.bytes, r.durationMs / 1000.0, r.bitrate,
                r.videoCodec, r.audioCodec, base,
                parts.stream().map(p -> new Part(p.partNumber, p.bytes, p.durationMs / 1000.0, p.startedAt,
                        p.finishedAt, base + "?part=" + p.partNumber)).toList(),
                gaps.stream().map(g -> new Gap(partNumbers.getOrDefault(g.partId, 0), g.startedAt, g.lengthMs / 1000.0,
                        g.cause)).toList());
    }
}
