package dev.streamvcr.hls;

import dev.streamvcr.peer.PeerTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TsTimeline} on MPEG-TS segments made by ffmpeg, its output judged by ffprobe and ffmpeg: two encodes whose
 * clocks start near 0 and 5000 s, and one that starts 2 s before the 33-bit wrap.
 */
class TsTimelineFfmpegTest {
    private static final double TOLERANCE_SECONDS = 0.15;
    @TempDir
    static Path dir;
    private static HlsEncodings.Encoding near0;
    private static HlsEncodings.Encoding at5000;
    private static HlsEncodings.Encoding wrapping;

    @BeforeAll
    static void encode() throws IOException {
        PeerTools.ensureInstalled();
        near0 = HlsEncodings.encode(dir, "a", "mpegts", 0, 6);
        at5000 = HlsEncodings.encode(dir, "b", "mpegts", 5000, 6);
        wrapping = HlsEncodings.encode(dir, "w", "mpegts", (1L << 33) / 90_000.0 - 2, 4);
    }

    /** One segment to write: which encoding, which segment, and whether it continues the one before. */
    private record Take(HlsEncodings.Encoding encoding, int index, boolean continuous) {
    }

    @Test
    void aContinuousRecordingKeepsItsTimeline() throws IOException {
        List<Take> takes = List.of(new Take(near0, 0, false), new Take(near0, 1, true), new Take(near0, 2, true),
                new Take(near0, 3, true), new Take(near0, 4, true), new Take(near0, 5, true));
        TimelineSnapshot snapshot = writeAndCheck(takes, "continuous.ts");
        assertEquals("H.264", snapshot.videoCodec());
        assertEquals("AAC", snapshot.audioCodec());
        assertEquals(180, snapshot.videoFrames());
        assertEquals(0, snapshot.clampedTimestamps());
        assertEquals(0, snapshot.clockJumps());
        double[] durationAndStart = HlsEncodings.durationAndStart(dir.resolve("continuous.ts"));
        assertTrue(durationAndStart[1] < 1.0, "starts at the source's PCR lead, not hours in: " + durationAndStart[1]);
    }

    @Test
    void breaksAndGapsLeaveNoHoleAndNoStepBack() throws IOException {
        // two segments, then another encode (a discontinuity), then the first again with two segments missing
        List<Take> takes = List.of(new Take(near0, 0, false), new Take(near0, 1, true), new Take(at5000, 2, false),
                new Take(at5000, 3, true), new Take(near0, 4, false), new Take(near0, 5, true));
        TimelineSnapshot snapshot = writeAndCheck(takes, "breaks.ts");
        assertEquals(0, snapshot.clampedTimestamps());
        assertEquals(0, snapshot.clockJumps());
    }

    @Test
    void aSourceThatWrapsPast2To33KeepsCounting() throws IOException {
        List<TsPackets.Stamp> source = TsPackets.stamps(Files.readAllBytes(wrapping.file(0)));
        assertTrue(source.stream().anyMatch(s -> s.pts() > (1L << 33) - 90_000), "the source is about to wrap");
        assertTrue(source.stream().anyMatch(s -> s.pts() >= 0 && s.pts() < 90_000), "and wraps");
        List<Take> takes = List.of(new Take(wrapping, 0, false), new Take(wrapping, 1, true),
                new Take(wrapping, 2, true), new Take(wrapping, 3, true));
        TimelineSnapshot snapshot = writeAndCheck(takes, "wrap.ts");
        assertEquals(0, snapshot.clampedTimestamps());
        assertEquals(0, snapshot.clockJumps());
    }

    @Test
    void aSegmentMarkedContinuousWhoseClockJumpsIsReanchored() throws IOException {
        List<Take> takes = List.of(new Take(near0, 0, false), new Take(near0, 1, true), new Take(at5000, 2, true));
        assertEquals(1, writeAndCheck(takes, "jump.ts").clockJumps());
    }

    @Test
    void aSecondFileStartingFromTheFirstsOriginLinesUpWithIt() throws IOException {
        TsTimeline first = new TsTimeline();
        assertEquals(-1, first.origin());
        writeSegments(first, List.of(0, 1, 2, 3), "first.ts");
        assertTrue(first.origin() >= 0);
        TsTimeline second = new TsTimeline();
        second.startFrom(first.origin());
        writeSegments(second, List.of(2, 3), "second.ts");
        assertEquals(first.origin(), second.origin());
        double firstStart = HlsEncodings.durationAndStart(dir.resolve("first.ts"))[1];
        double secondStart = HlsEncodings.durationAndStart(dir.resolve("second.ts"))[1];
        double twoSegmentsIn = near0.seconds(0) + near0.seconds(1);
        assertEquals(firstStart + twoSegmentsIn, secondStart, 0.1,
                "the later file starts where its segments are in the first");
        assertThrows(IllegalStateException.class, () -> second.startFrom(0));
    }

    private static void writeSegments(TsTimeline timeline, List<Integer> indexes, String name) throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
            boolean continuous = false;
            for (int index : indexes) {
                timeline.beginSegment(continuous);
                for (byte[] chunk : HlsEncodings.chunks(near0.file(index), 1316)) {
                    out.write(timeline.rewrite(chunk));
                }
                out.write(timeline.endSegment());
                continuous = true;
            }
        }
    }

    @Test
    void chunkSizeDoesNotMatter() throws IOException {
        byte[] whole = rewrite(near0.file(1), Integer.MAX_VALUE);
        for (int size : new int[] {1316, 1000, 7}) {
            assertArrayEquals(whole, rewrite(near0.file(1), size), "chunks of " + size);
        }
    }

    private static byte[] rewrite(Path segment, int chunkSize) {
        return HlsEncodings.rewriteOne(new TsTimeline(), segment, chunkSize);
    }

    /**
     * Writes the takes through one timeline into {@code name}, then checks it: as many bytes as went in, every
     * stream's DTS rising, a clean decode, and a duration that is the sum of the segments written (gaps left out).
     */
    private static TimelineSnapshot writeAndCheck(List<Take> takes, String name) throws IOException {
        TsTimeline timeline = new TsTimeline();
        Path file = dir.resolve(name);
        long bytesIn = 0;
        double seconds = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Take take : takes) {
                timeline.beginSegment(take.continuous());
                for (byte[] chunk : HlsEncodings.chunks(take.encoding().file(take.index()), 1316)) {
                    out.write(timeline.rewrite(chunk));
                    bytesIn += chunk.length;
                }
                out.write(timeline.endSegment());
                seconds += take.encoding().seconds(take.index());
            }
        }
        assertEquals(bytesIn, Files.size(file));
        TimelineSnapshot snapshot = timeline.snapshot();
        assertEquals(bytesIn, snapshot.bytesWritten());
        Map<Integer, Integer> packets = HlsEncodings.assertDtsRises(file);
        assertEquals(2, packets.size(), "video and audio");
        assertEquals("", HlsEncodings.decodeErrors(file));
        double duration = HlsEncodings.durationAndStart(file)[0];
        assertEquals(seconds, duration, TOLERANCE_SECONDS, "ffprobe's duration of " + name);
        assertEquals(seconds * 1000, snapshot.mediaDurationMillis(), TOLERANCE_SECONDS * 1000, "the snapshot's");
        return snapshot;
    }
}
