package dev.streamvcr.hls;

import dev.streamvcr.peer.PeerTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Fmp4Timeline} on fMP4 segments made by ffmpeg (one moof with a video and an audio traf, styp and sidx
 * before it), its output judged by ffprobe and ffmpeg: two encodes, the second's decode times moved 5000 s on (ffmpeg
 * 5.1's HLS fMP4 ignores -output_ts_offset and starts every encode at 0).
 */
class Fmp4TimelineFfmpegTest {
    private static final double TOLERANCE_SECONDS = 0.15;
    @TempDir
    static Path dir;
    private static HlsEncodings.Encoding near0;
    private static HlsEncodings.Encoding at5000;

    @BeforeAll
    static void encode() throws IOException {
        PeerTools.ensureInstalled();
        near0 = HlsEncodings.encode(dir, "a", "fmp4", 0, 6);
        at5000 = HlsEncodings.encode(dir, "b", "fmp4", 0, 6);
        List<Fmp4Init.Track> tracks = Fmp4Init.tracks(Files.readAllBytes(at5000.init()));
        for (int i = 0; i < at5000.segments().size(); i++) {
            byte[] segment = Files.readAllBytes(at5000.file(i));
            for (Mp4Box moof : Mp4Box.children(segment, 0, segment.length)) {
                for (Mp4Box traf : Mp4Box.children(segment, moof.bodyStart(), moof.end())) {
                    Mp4Box tfhd = traf.child(segment, "tfhd");
                    Mp4Box tfdt = traf.child(segment, "tfdt");
                    if (tfhd != null && tfdt != null && tfdt.version(segment) == 1) {
                        long id = Mp4Box.u32(segment, tfhd.bodyStart() + 4);
                        long scale = tracks.stream().filter(t -> t.id() == id).findFirst().orElseThrow().timescale();
                        long time = Mp4Box.u64(segment, tfdt.bodyStart() + 4);
                        Mp4Box.put64(segment, tfdt.bodyStart() + 4, time + 5000 * scale);
                    }
                }
            }
            Files.write(at5000.file(i), segment);
        }
    }

    private record Take(HlsEncodings.Encoding encoding, int index, boolean continuous) {
    }

    @Test
    void aContinuousRecordingKeepsItsTimeline() throws IOException {
        List<Take> takes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            takes.add(new Take(near0, i, i > 0));
        }
        TimelineSnapshot snapshot = writeAndCheck(takes, "continuous.mp4");
        assertEquals("H.264", snapshot.videoCodec());
        assertEquals("AAC", snapshot.audioCodec());
        assertEquals(180, snapshot.videoFrames());
        assertEquals(0, snapshot.clampedTimestamps());
    }

    @Test
    void breaksAndGapsLeaveNoHoleAndNoStepBack() throws IOException {
        List<Take> takes = List.of(new Take(near0, 0, false), new Take(near0, 1, true), new Take(at5000, 2, false),
                new Take(at5000, 3, true), new Take(near0, 4, false), new Take(near0, 5, true));
        TimelineSnapshot snapshot = writeAndCheck(takes, "breaks.mp4");
        assertEquals(0, snapshot.clockJumps());
    }

    @Test
    void aSegmentMarkedContinuousWhoseClockJumpsIsReanchored() throws IOException {
        List<Take> takes = List.of(new Take(near0, 0, false), new Take(near0, 1, true), new Take(at5000, 2, true));
        assertEquals(1, writeAndCheck(takes, "jump.mp4").clockJumps());
    }

    @Test
    void theInitsOfTwoEncodesHaveTheSameTracks() throws IOException {
        Fmp4Timeline timeline = new Fmp4Timeline(Files.readAllBytes(near0.init()));
        assertTrue(timeline.sameTracks(Files.readAllBytes(at5000.init())));
        byte[] otherCodec = Files.readAllBytes(at5000.init());
        String text = new String(otherCodec, StandardCharsets.ISO_8859_1);
        int entry = text.indexOf("avc1");
        otherCodec[entry + 1] = 'v';
        otherCodec[entry + 2] = 'c';
        otherCodec[entry + 3] = '3';
        assertFalse(timeline.sameTracks(otherCodec), "avc1 became avc3");
    }

    @Test
    void chunkSizeDoesNotMatter() throws IOException {
        byte[] whole = rewrite(near0.file(1), Integer.MAX_VALUE);
        for (int size : new int[] {1316, 1000, 7}) {
            assertArrayEquals(whole, rewrite(near0.file(1), size), "chunks of " + size);
        }
    }

    private static byte[] rewrite(Path segment, int chunkSize) throws IOException {
        return HlsEncodings.rewriteOne(new Fmp4Timeline(Files.readAllBytes(near0.init())), segment, chunkSize);
    }

    /**
     * Writes the takes through one timeline into {@code name}, then checks it: no sidx or styp left, every stream's
     * DTS rising, a clean decode, and a duration that is the sum of the segments written (gaps left out).
     */
    private static TimelineSnapshot writeAndCheck(List<Take> takes, String name) throws IOException {
        Fmp4Timeline timeline = new Fmp4Timeline(Files.readAllBytes(takes.get(0).encoding().init()));
        Path file = dir.resolve(name);
        double seconds = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Take take : takes) {
                timeline.beginSegment(take.continuous());
                for (byte[] chunk : HlsEncodings.chunks(take.encoding().file(take.index()), 1316)) {
                    out.write(timeline.rewrite(chunk));
                }
                out.write(timeline.endSegment());
                seconds += take.encoding().seconds(take.index());
            }
        }
        byte[] written = Files.readAllBytes(file);
        TimelineSnapshot snapshot = timeline.snapshot();
        assertEquals(written.length, snapshot.bytesWritten());
        List<String> topLevel = Mp4Box.children(written, 0, written.length).stream().map(Mp4Box::type).toList();
        assertFalse(topLevel.contains("sidx") || topLevel.contains("styp"), topLevel.toString());
        Map<Integer, Integer> packets = HlsEncodings.assertDtsRises(file);
        assertEquals(2, packets.size(), "video and audio");
        assertEquals("", HlsEncodings.decodeErrors(file));
        assertEquals(seconds, HlsEncodings.durationAndStart(file)[0], TOLERANCE_SECONDS, "ffprobe's duration");
        assertEquals(seconds * 1000, snapshot.mediaDurationMillis(), TOLERANCE_SECONDS * 1000, "the snapshot's");
        return snapshot;
    }
}
