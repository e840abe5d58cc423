package dev.streamvcr.recording;

/**
 * What the current part of a running recording holds so far.
 *
 * @param bitrate bits per second over the last few seconds
 */
public record Progress(long bytes, long durationMs, long bitrate, String videoCodec, String audioCodec) {

    public static final Progress NONE = new Progress(0, 0, 0, null, null);
}
