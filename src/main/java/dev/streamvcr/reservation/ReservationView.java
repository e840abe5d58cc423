package dev.streamvcr.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamvcr.rtmp.client.RtmpSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reservation as the API shows it to a viewer who may see it, secret options ({@code token=}, {@code auth=},
 * {@code jtv=}) after its address masked; {@code resolution} is its latest one, and
 * {@code warning} (while it waits for its start) why the check before the start could not log in to its site;
 * {@code seriesId} the series it is an occurrence of.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReservationView(long id, String owner, String title, String sourceUrl, Map<String, Object> rtmp,
        Map<String, Object> hls,
        Instant startAt, Instant endAt,
        long durationSeconds, ReservationState state, String stateReason, boolean stopRequested, Instant createdAt,
        Long recordingId, RecordingProgress progress, List<HistoryEntry> history, ResolutionView resolution,
        String warning, Long seriesId) {

    /** The RTMP options one per line, as the page shows them (secrets hidden); empty when none. */
    public String rtmpLines() {
        if (rtmp == null) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        rtmp.forEach((name, value) -> {
            for (Object item : value instanceof List<?> list ? list : List.of(value)) {
                lines.append(lines.length() == 0 ? "" : "\n").append(name).append('=').append(item);
            }
        });
        return lines.toString();
    }

    /** The HLS options one per line, as the page shows them; empty when none. */
    public String hlsLines() {
        return hls == null ? "" : HlsOptions.fromJson(hls).format();
    }

    private static Map<String, Object> hlsJson(String text) {
        HlsOptions options = HlsOptions.parse(text);
        return options.isEmpty() ? null : options.toJson();
    }

    /** One state change. */
    public record HistoryEntry(Instant at, ReservationState from, ReservationState to, String reason) {
    }

    /** The same view with other recording figures (e.g. live ones of the node that records it). */
    public ReservationView withProgress(RecordingProgress live) {
        return new ReservationView(id, owner, title, sourceUrl, rtmp, hls, startAt, endAt, durationSeconds, state, stateReason,
                stopRequested, createdAt, recordingId, live, history, resolution, warning, seriesId);
    }

    public static ReservationView of(Reservation r, List<ReservationEvent> events,
            Optional<RecordingLookup.Recorded> recording, ResolutionView resolution, String warning) {
        return new ReservationView(r.id, r.owner.username, r.title, RtmpSource.maskSecrets(r.sourceUrl),
                RtmpOptionsField.toJson(r.rtmpOptions), hlsJson(r.hlsOptions), r.startAt, r.endAt,
                Duration.between(r.startAt, r.endAt).toSeconds(), r.state, RtmpSource.maskSecrets(r.stateReason),
                r.stopRequested,
                r.createdAt, recording.map(RecordingLookup.Recorded::recordingId).orElse(null),
                recording.map(RecordingLookup.Recorded::progress).orElse(null),
                events.stream().map(e -> new HistoryEntry(e.at, e.fromState, e.toState, RtmpSource.maskSecrets(e.reason)))
                        .toList(),
                resolution, warning, r.seriesId);
    }
}
