package dev.streamvcr.flv;

/**
 * Wall-clock time during which nothing reached the file because the stream was reconnecting:
 * from the arrival of the last tag written before the break to the first one written after it.
 */
public record StreamGap(long startedAtMillis, long lengthMillis) {
}
