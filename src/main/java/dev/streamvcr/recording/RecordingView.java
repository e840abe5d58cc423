package dev.streamvcr.recording;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamvcr.reservation.ReservationState;
import java.time.Instant;
import java.util.List;

/**
 * A recording as the API and pages show it. {@code inProgress} while its reservation is still running;
 * {@code fileUrl} the whole recording as one file (every part in order on one timeline, gaps left out), each part's
 * own {@code fileUrl} that part as it was written; {@code coverage} how much of the booked window it holds, in words;
 * {@code posterUrl} one frame of it (see {@link RecordingPosters}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordingView(long id, long reservationId, String title, ReservationState state, boolean inProgress,
        Instant startedAt, Instant finishedAt, Instant bookedStart, Instant bookedEnd, long bytes,
        double durationSeconds, double bookedSeconds, String coverage, long bitrate, String videoCodec,
        String audioCodec, String fileUrl, String mp4Url, String posterUrl, List<Part> parts, List<Gap> gaps) {

    /** One file of the recording. */
    public record Part(int number, long bytes, double durationSeconds, Instant startedAt, Instant finishedAt,
            String fileUrl) {
    }

    /**
     * Time missing from the recording: a reconnect inside a part, the hole before a part that began after a restart or
     * take-over, or a part left out because it cannot be read; when, how long, why.
     */
    public record Gap(int part, Instant startedAt, double lengthSeconds, String cause, RecordingGap.Kind kind) {

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
        Coverage coverage = Coverage.of(r, gaps);
        return new RecordingView(r.id, r.reservation.id, r.reservation.title, r.reservation.state,
                r.reservation.state.isActive(), r.startedAt, r.finishedAt, r.reservation.startAt, r.reservation.endAt,
                r.bytes, r.durationMs / 1000.0, coverage.bookedMs() / 1000.0, coverage.summary(), r.bitrate,
                r.videoCodec, r.audioCodec, base, "/api/v1/recordings/" + r.id + "/mp4",
                "/api/v1/recordings/" + r.id + "/poster",
                parts.stream().map(p -> new Part(p.partNumber, p.bytes, p.durationMs / 1000.0, p.startedAt,
                        p.finishedAt, base + "?part=" + p.partNumber)).toList(),
                gaps.stream().map(g -> new Gap(partNumbers.getOrDefault(g.partId, 0), g.startedAt, g.lengthMs / 1000.0,
                        g.cause, g.kind)).toList());
    }
}
