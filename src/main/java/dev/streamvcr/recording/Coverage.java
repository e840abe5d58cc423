package dev.streamvcr.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How much of the booked window a recording holds: the length of its parts against the window, and how many gaps
 * it has. Pages and the final state's reason say it in words that never claim the whole window when part of it is
 * missing.
 *
 * @param recordedMs the media length of all parts together
 * @param bookedMs   the booked window, start to end
 * @param gaps       interruptions inside parts, holes between parts and parts left out
 */
public record Coverage(long recordedMs, long bookedMs, int gaps) {

    /** Shorter than the window by at most this counts as the whole of it (joining at a keyframe, pre-roll rounding). */
    static final long TOLERANCE_MS = 2_000;

    /** Parts left out because they cannot be read do not count as recorded. */
    static Coverage of(Recording recording, java.util.List<RecordingGap> gaps) {
        Instant start = recording.reservation.startAt;
        Instant end = recording.reservation.endAt;
        long unreadable = gaps.stream().filter(g -> g.kind == RecordingGap.Kind.DAMAGED).mapToLong(g -> g.lengthMs).sum();
        return new Coverage(Math.max(0, recording.durationMs - unreadable), Duration.between(start, end).toMillis(),
                gaps.size());
    }

    /** Whether all of the booked window is in the recording. */
    public boolean whole() {
        return gaps == 0 && recordedMs + TOLERANCE_MS >= bookedMs;
    }

    /** "Recorded 143 s of 180 s; 1 gap", or "Recorded all 180 s" only when nothing is missing. */
    public String summary() {
        if (whole()) {
            return "Recorded all " + span(bookedMs);
        }
        String text = "Recorded " + span(recordedMs) + " of " + span(bookedMs);
        return gaps == 0 ? text : text + "; " + gaps + (gaps == 1 ? " gap" : " gaps");
    }

    /** Seconds up to ten minutes ("143 s"), a clock above ("1:02:03"). */
    static String span(long ms) {
        long s = Math.round(ms / 1000.0);
        if (s < 600) {
            return s + " s";
        }
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
