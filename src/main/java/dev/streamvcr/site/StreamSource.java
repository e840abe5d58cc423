package dev.streamvcr.site;

/**
 * A stream to record now: its address line (a stream address with, for RTMP, its options) and what fetching it needs.
 * The holder of a source with a {@link HeldSession} must {@link StreamAccess#release() release} it.
 */
public record StreamSource(String line, StreamAccess access) {

    /** A stream address that needs nothing more. */
    public static StreamSource of(String line) {
        return new StreamSource(line, StreamAccess.NONE);
    }
}
