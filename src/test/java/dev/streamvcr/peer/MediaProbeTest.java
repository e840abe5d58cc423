package dev.streamvcr.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference checks must see what is in a file and must catch the faults a recorder can make. */
class MediaProbeTest {

    /** FLV's 9-byte header plus the 4-byte size of the (absent) tag before the first tag. */
    private static final int FLV_PREAMBLE_BYTES = 13;
    /** An 11-byte tag header and 5 bytes of AVC packet header: the end-of-sequence tag ffmpeg closes FLV with. */
    private static final int FLV_END_OF_SEQUENCE_TAG_BYTES = 16;

    @TempDir
    static Path dir;
    static Path twoSeconds;

    @BeforeAll
    static void writeKnownFile() {
        PeerTools.ensureInstalled();
        twoSeconds = dir.resolve("two-seconds.flv");
        new TestCard(320, 180, 30, 30).writeFlv(twoSeconds, Duration.ofSeconds(2));
    }

    @Test
    void probeSeesCodecsDecodedFramesAndRealLength() {
        MediaInfo info = MediaProbe.probe(twoSeconds);

        assertEquals("flv", info.formatName());
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), () -> "codecs: " + info.codecNames());
        assertEquals(60, info.videoFrames(), "2 s at 30 fps");
        // 2 s of 44.1 kHz audio in AAC frames of 1024 samples, plus the encoder's priming frame or two.
        assertTrue(info.audioFrames() >= 86 && info.audioFrames() <= 89, () -> "audio frames: " + info.audioFrames());
        assertEquals(0, info.startTimeSeconds(), 0.001);
        assertEquals(2.0, info.packetSpanSeconds(), 0.1);
        assertEquals("", MediaProbe.decodeErrors(twoSeconds));
        assertTrue(MediaProbe.timestampsMonotonic(twoSeconds).monotonic());
    }

    @Test
    void decodeErrorsReportsCorruptVideo() throws IOException {
        byte[] bytes = Files.readAllBytes(twoSeconds);
        Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 4096, (byte) 0);
        Path corrupt = Files.write(dir.resolve("corrupt.flv"), bytes);

        String errors = MediaProbe.decodeErrors(corrupt);

        assertFalse(errors.isEmpty(), "zeroed 4 KiB of H.264 must not decode cleanly");
    }

    @Test
    void timestampsMonotonicFindsWhereTimeGoesBack() throws IOException {
        // The same tags appended once more: timestamps restart at 0 after 2 s, as after a bad reconnect.
        byte[] once = Files.readAllBytes(twoSeconds);
        byte[] twice = Arrays.copyOf(once, 2 * once.length - FLV_PREAMBLE_BYTES);
        System.arraycopy(once, FLV_PREAMBLE_BYTES, twice, once.length, once.length - FLV_PREAMBLE_BYTES);
        Path restarted = Files.write(dir.resolve("restarted.flv"), twice);

        TimestampCheck check = MediaProbe.timestampsMonotonic(restarted);

        assertFalse(check.monotonic());
        TimestampCheck.BackwardJump jump = check.firstBackwardJump().orElseThrow();
        assertEquals(0.0, jump.dtsSeconds(), 0.001);
        assertTrue(jump.previousDtsSeconds() > 1.9, jump::toString);
    }

    @Test
    void timestampsRisingFindsWhereTimeStandsStill() throws IOException {
        // The last media tag once more: its stream's dts repeats, as after a segment joined without moving the clock
        // on. Tags are walked back by their trailing sizes past the H.264 end-of-sequence tag, which holds no frame.
        byte[] once = Files.readAllBytes(twoSeconds);
        int end = once.length;
        int size;
        while ((size = java.nio.ByteBuffer.wrap(once, end - 4, 4).getInt()) <= FLV_END_OF_SEQUENCE_TAG_BYTES) {
            end -= 4 + size;
        }
        byte[] lastTag = Arrays.copyOfRange(once, end - 4 - size, end);
        byte[] repeated = Arrays.copyOf(once, once.length + lastTag.length);
        System.arraycopy(lastTag, 0, repeated, once.length, lastTag.length);
        Path stalled = Files.write(dir.resolve("stalled.flv"), repeated);

        assertTrue(MediaProbe.timestampsMonotonic(stalled).monotonic(), "equal is not backwards");
        TimestampCheck check = MediaProbe.timestampsRising(stalled);

        assertFalse(check.monotonic());
        TimestampCheck.BackwardJump jump = check.firstBackwardJump().orElseThrow();
        assertEquals(jump.previousDtsSeconds(), jump.dtsSeconds(), jump::toString);
        assertTrue(MediaProbe.timestampsRising(twoSeconds).monotonic());
    }
}
