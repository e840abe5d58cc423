package dev.streamvcr.hls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Fmp4Timeline} on hand-built boxes: tfdt placement, the version 0 overflow, refusals, init comparison. */
class Fmp4TimelineTest {
    private static final long SCALE = 90_000;

    @Test
    void theFirstSegmentStartsAtZeroAndABreakWhereThePartEnds() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        byte[] first = rewrite(timeline, false, segment(1, 0, 5_000_000, new long[] {3000, 3000}));
        byte[] later = rewrite(timeline, false, segment(2, 1, 77_000, new long[] {3000}));
        assertEquals(List.of(0L), decodeTimes(first, init("avc1").length));
        assertEquals(List.of(6_000L), decodeTimes(later, 0));
        TimelineSnapshot snapshot = timeline.snapshot();
        assertEquals(3, snapshot.videoFrames());
        assertEquals(100, snapshot.mediaDurationMillis());
        assertEquals("H.264", snapshot.videoCodec());
        assertEquals(0, snapshot.clampedTimestamps());
    }

    @Test
    void aVersion0TfdtThatOutgrows32BitsBecomesVersion1() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        long big = 0x90000000L;
        rewrite(timeline, false, segment(1, 0, 1000, new long[] {big, big}));
        // continuous, and the source's 32-bit tfdt wrapped: 1000 + 2 * big mod 2^32
        byte[] source = segment(2, 0, (1000 + 2 * big) & 0xFFFFFFFFL, new long[] {3000});
        byte[] out = rewrite(timeline, true, source);
        assertEquals(source.length + 4, out.length);
        Mp4Box moof = Mp4Box.children(out, 0, out.length).get(0);
        MovieFragment fragment = new MovieFragment(Arrays.copyOf(out, moof.end()), id -> 0);
        assertEquals(2 * big, fragment.fragments().get(0).decodeTime());
        assertEquals(1, fragment.fragments().get(0).version());
        Mp4Box trun = moof.path(out, "traf", "trun");
        long dataOffset = Mp4Box.u32(out, trun.bodyStart() + 8);
        assertEquals(moof.size() + 8, dataOffset, "data_offset still points at the first byte of the mdat's body");
        assertEquals("mdat", Mp4Box.type(out, moof.end() + 4));
        assertEquals(0, timeline.snapshot().clockJumps());
    }

    @Test
    void aFragmentThatWouldOverlapIsMovedToTheTrackEnd() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        rewrite(timeline, false, segment(1, 0, 90_000, new long[] {3000, 3000}));
        byte[] out = rewrite(timeline, true, segment(2, 0, 93_000, new long[] {3000}));
        assertEquals(List.of(6_000L), decodeTimes(out, 0));
        assertEquals(1, timeline.snapshot().clampedTimestamps());
    }

    @Test
    void segmentIndexesAreDropped() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        byte[] media = segment(1, 0, 0, new long[] {3000});
        byte[] withIndex = HlsEncodings.concat(List.of(box("styp", "msdhmsix".getBytes(StandardCharsets.US_ASCII)),
                fullBox("sidx", 0, 0, new byte[24]), media));
        byte[] out = rewrite(timeline, false, withIndex);
        assertArrayEquals(HlsEncodings.concat(List.of(init("avc1"), media)), out);
    }

    @Test
    void anHtmlPageIsNotASegment() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        timeline.beginSegment(false);
        byte[] html = "<!DOCTYPE html><html><body>Forbidden</body></html>".getBytes(StandardCharsets.US_ASCII);
        SegmentFormatException e = assertThrows(SegmentFormatException.class, () -> timeline.rewrite(html));
        assertEquals("not an fMP4 segment: it starts with a box of type 'CTYP', not a box a media segment starts"
                + " with", e.getMessage());
        assertTrue(e.wrongFormat());
        SegmentFormatException badInit = assertThrows(SegmentFormatException.class, () -> new Fmp4Timeline(html));
        assertTrue(badInit.wrongFormat(), badInit.getMessage());
    }

    @Test
    void aSegmentCutShortIsRefused() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        byte[] media = segment(1, 0, 0, new long[] {3000});
        timeline.beginSegment(false);
        timeline.rewrite(media, 0, media.length - 4);
        SegmentFormatException e = assertThrows(SegmentFormatException.class, timeline::endSegment);
        assertEquals("the fMP4 segment ends inside its 'mdat' box, 4 bytes short (after " + (media.length - 4)
                + " bytes): it was cut short", e.getMessage());
        timeline.beginSegment(false);
        timeline.rewrite(media, 0, media.length - 10);
        assertEquals("the fMP4 segment ends inside a box header (after " + (media.length - 10) + " bytes): it was cut"
                + " short", assertThrows(SegmentFormatException.class, timeline::endSegment).getMessage());
    }

    @Test
    void anInitWithOtherTracksNeedsANewPart() {
        Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
        assertTrue(timeline.sameTracks(init("avc1")));
        assertFalse(timeline.sameTracks(init("hvc1")));
        assertEquals("H.265", new Fmp4Timeline(init("hvc1")).snapshot().videoCodec());
    }

    @Test
    void chunkBoundariesAnywhereGiveTheSameBytes() {
        byte[] media = segment(1, 0, 12_345, new long[] {3000, 3000});
        byte[] whole = rewrite(new Fmp4Timeline(init("avc1")), false, media);
        for (int size : new int[] {1, 3, 9, 17, 100}) {
            Fmp4Timeline timeline = new Fmp4Timeline(init("avc1"));
            timeline.beginSegment(false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int at = 0; at < media.length; at += size) {
                out.writeBytes(timeline.rewrite(media, at, Math.min(size, media.length - at)));
            }
            out.writeBytes(timeline.endSegment());
            assertArrayEquals(whole, out.toByteArray(), "chunks of " + size);
        }
    }

    private static byte[] rewrite(Fmp4Timeline timeline, boolean continuous, byte[] segment) {
        timeline.beginSegment(continuous);
        byte[] head = timeline.rewrite(segment);
        return HlsEncodings.concat(List.of(head, timeline.endSegment()));
    }

    private static List<Long> decodeTimes(byte[] bytes, int from) {
        Mp4Box moof = Mp4Box.children(bytes, from, bytes.length).get(0);
        byte[] box = Arrays.copyOfRange(bytes, moof.start(), moof.end());
        return new MovieFragment(box, id -> 0).fragments().stream().map(MovieFragment.TrackFragment::decodeTime)
                .toList();
    }

    /** An init with one video track (ID 1, 90 kHz) whose sample entry is {@code entry}. */
    static byte[] init(String entry) {
        byte[] tkhd = fullBox("tkhd", 0, 3, ints(0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        byte[] mdhd = fullBox("mdhd", 0, 0, ints(0, 0, (int) SCALE, 0, 0));
        byte[] hdlr = fullBox("hdlr", 0, 0, HlsEncodings.concat(List.of(ints(0), "vide".getBytes(
                StandardCharsets.US_ASCII), new byte[13])));
        byte[] stsd = fullBox("stsd", 0, 0, HlsEncodings.concat(List.of(ints(1), box(entry, new byte[78]))));
        byte[] stbl = box("stbl", stsd);
        byte[] mdia = box("mdia", mdhd, hdlr, box("minf", stbl));
        byte[] trex = fullBox("trex", 0, 0, ints(1, 1, 3000, 0, 0));
        return HlsEncodings.concat(List.of(box("ftyp", "iso6".getBytes(StandardCharsets.US_ASCII), ints(0)),
                box("moov", box("trak", tkhd, mdia), box("mvex", trex))));
    }

    /** A moof for track 1 with a v0 tfdt and a trun with data_offset and durations, then an mdat of 8 bytes. */
    static byte[] segment(int sequence, int version, long tfdt, long[] durations) {
        byte[] mfhd = fullBox("mfhd", 0, 0, ints(sequence));
        byte[] tfhd = fullBox("tfhd", 0, 0x020000, ints(1));
        byte[] time = version == 1 ? fullBox("tfdt", 1, 0, ints((int) (tfdt >>> 32), (int) tfdt))
                : fullBox("tfdt", 0, 0, ints((int) tfdt));
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        run.writeBytes(ints(durations.length, 0));
        for (long duration : durations) {
            run.writeBytes(ints((int) duration));
        }
        byte[] trun = fullBox("trun", 0, 0x000101, run.toByteArray());
        byte[] moof = box("moof", mfhd, box("traf", tfhd, time, trun));
        int dataOffsetAt = moof.length - trun.length + 16;
        Mp4Box.put32(moof, dataOffsetAt, moof.length + 8);
        return HlsEncodings.concat(List.of(moof, box("mdat", new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
    }

    static byte[] box(String type, byte[]... bodies) {
        byte[] body = HlsEncodings.concat(List.of(bodies));
        byte[] box = new byte[8 + body.length];
        Mp4Box.put32(box, 0, box.length);
        System.arraycopy(type.getBytes(StandardCharsets.ISO_8859_1), 0, box, 4, 4);
        System.arraycopy(body, 0, box, 8, body.length);
        return box;
    }

    static byte[] fullBox(String type, int version, int flags, byte[] body) {
        return box(type, ints(version << 24 | flags), body);
    }

    static byte[] ints(int... values) {
        byte[] bytes = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            Mp4Box.put32(bytes, i * 4, values[i] & 0xFFFFFFFFL);
        }
        return bytes;
    }
}
