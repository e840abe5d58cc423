package dev.streamvcr.hls;

import java.nio.ByteBuffer;

/**
 * Rewrites the timestamps of HLS segments appended one after the other to one part file, so the file keeps one
 * timeline: {@link #beginSegment}, the segment's bytes through {@link #rewrite} in chunks of any size, then
 * {@link #endSegment}; what each call returns is appended to the file, in order. {@link TsTimeline} does it for
 * MPEG-TS, {@link Fmp4Timeline} for fragmented MP4.
 */
public interface SegmentTimeline {

    /**
     * Starts the next segment.
     *
     * @param continuous whether it directly follows the last segment written (the next sequence number, no
     *                   discontinuity between); false after a gap, a discontinuity, a reset or a reconnect
     * @throws IllegalStateException when the previous segment was not ended
     */
    void beginSegment(boolean continuous);

    /**
     * Takes the next bytes of the segment.
     *
     * @return bytes to append to the file; possibly empty
     * @throws SegmentFormatException when the bytes are not of this format; the segment is then over and the next
     *                                call must be {@link #beginSegment}
     */
    byte[] rewrite(byte[] chunk, int offset, int length);

    /** Ends the segment; returns what is still to be appended. */
    byte[] endSegment();

    /** What has been written so far. */
    TimelineSnapshot snapshot();

    /** Same as {@link #rewrite(byte[], int, int)} for a whole array. */
    default byte[] rewrite(byte[] chunk) {
        return rewrite(chunk, 0, chunk.length);
    }

    /** Same as {@link #rewrite(byte[], int, int)} for the buffer's remaining bytes, which it consumes. */
    default byte[] rewrite(ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        return rewrite(bytes, 0, bytes.length);
    }
}
