package dev.streamvcr.reservation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a reservation's recording holds so far: of one part while it is written, or summed over its parts. The API
 * shows the length as {@code durationSeconds}.
 *
 * @param bitrate bits per second over the last few seconds while recording; the average once finished
 */
public record RecordingProgress(long bytes, @JsonIgnore long durationMs, long bitrate, String videoCodec,
        String audioCodec) {

    public static final RecordingProgress NONE = new RecordingProgress(0, 0, 0, null, null);

    @JsonProperty
    public double durationSeconds() {
        return durationMs / 1000.0;
    }

    /** These figures after {@code bytes} and {@code durationMs} of earlier parts. */
    public RecordingProgress after(long earlierBytes, long earlierMs) {
        return new RecordingProgress(earlierBytes + bytes, earlierMs + durationMs, bitrate, videoCodec, audioCodec);
    }
}
