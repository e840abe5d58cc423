package dev.streamvcr.watch;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A channel watch as the API and pages show it, with its history (one line per change of outcome). */
public record WatchView(long id, String owner, String title, String pageUrl, int intervalMinutes, long maxLengthMinutes,
        String fromTime, String untilTime, List<String> days, String timeZone, boolean paused, Instant nextCheckAt,
        Instant lastCheckedAt, WatchOutcome outcome, String reason, Long reservationId, List<Entry> history) {

    /** One change of outcome. */
    public record Entry(Instant at, WatchOutcome outcome, String reason, Long reservationId) {
    }

    static WatchView of(ChannelWatch w, List<WatchEvent> events) {
        return new WatchView(w.id, w.owner.username, w.title, w.pageUrl, w.intervalMinutes, w.maxLengthSeconds / 60,
                w.fromTime == null ? null : w.fromTime.toString(), w.untilTime == null ? null : w.untilTime.toString(),
                w.days == null ? List.of() : Arrays.asList(w.days.split(",")), w.timeZone, w.paused, w.nextCheckAt,
                w.lastCheckedAt, w.lastOutcome, w.lastReason, w.reservationId,
                events.stream().map(e -> new Entry(e.at, e.outcome, e.reason, e.reservationId)).toList());
    }

    /** The outcome as a page shows it: "Not checked yet" before the first check. */
    public String outcomeLabel() {
        return paused ? "Paused" : outcome == null ? "Not checked yet" : outcome.label();
    }
}
