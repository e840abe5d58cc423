package dev.streamvcr.hls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamvcr.fuzz.AllocationLimit;
import java.io.ByteArrayOutputStream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as one or two MPEG-TS segments: {@link TsTimeline} returns whole packets that start with the sync byte,
 * never more bytes than it was given, or fails a segment with {@link SegmentFormatException}; nothing else is thrown,
 * allocation stays within a bound proportional to the input (the held packets are capped), and a segment that passes
 * gives the same bytes whatever the chunk size. Input: byte 0 bit 0 says whether the second segment continues the
 * first, its other bits pick the chunk size; byte 1 is the first segment's length in packets (0: one segment only).
 * Seeds: the start of two segments of a 64x36 ffmpeg 5.1 HLS encode, continuous and not, one cut inside a packet, and
 * an HTML error page.
 */
class TsTimelineFuzzTest {
    private static final long FIXED_ALLOWANCE = 4L * 1024 * 1024;
    /** The input is copied into packets, the queue, the output and the chunk arrays: a few copies of each byte. */
    private static final long BYTES_PER_INPUT_BYTE = 16;

    @FuzzTest(maxDuration = "60s")
    void rewrite(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int chunk = 1 + ((input[0] & 0xFF) >>> 1) * 13;
        byte[] chunked = AllocationLimit.within(FIXED_ALLOWANCE + BYTES_PER_INPUT_BYTE * input.length,
                "rewriting " + input.length + " bytes", () -> run(input, chunk));
        byte[] whole = run(input, Integer.MAX_VALUE);
        if (chunked != null && whole != null) {
            assertArrayEquals(whole, chunked, "the same bytes in chunks of " + chunk);
        }
    }

    /** @return what was written, or null when a segment failed (what came out before then depends on the chunks) */
    private static byte[] run(byte[] input, int chunk) {
        TsTimeline timeline = new TsTimeline();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int split = Math.min(input.length, 2 + (input[1] & 0xFF) * TsPacket.SIZE);
        boolean failed = segment(timeline, input, 2, split, false, chunk, file);
        if (split < input.length) {
            failed |= segment(timeline, input, split, input.length, (input[0] & 1) != 0, chunk, file);
        }
        byte[] written = file.toByteArray();
        assertEquals(0, written.length % TsPacket.SIZE);
        assertTrue(written.length <= input.length - 2);
        for (int at = 0; at < written.length; at += TsPacket.SIZE) {
            assertEquals(TsPacket.SYNC_BYTE, written[at] & 0xFF);
        }
        TimelineSnapshot snapshot = timeline.snapshot();
        assertEquals(written.length, snapshot.bytesWritten());
        assertTrue(snapshot.mediaDurationMillis() >= 0 && snapshot.clampedTimestamps() >= 0);
        return failed ? null : written;
    }

    /** @return whether the segment failed */
    private static boolean segment(TsTimeline timeline, byte[] input, int from, int to, boolean continuous, int chunk,
                                   ByteArrayOutputStream file) {
        timeline.beginSegment(continuous);
        try {
            for (int at = from; at < to; ) {
                int length = Math.min(chunk, to - at);
                file.writeBytes(timeline.rewrite(input, at, length));
                at += length;
            }
            file.writeBytes(timeline.endSegment());
            return false;
        } catch (SegmentFormatException malformed) {
            assertTrue(malformed.getMessage().length() < 200, "a short message");
            return true;
        }
    }
}
