package dev.streamvcr.hls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TsTimeline} on hand-built packets: field codecs, anchoring, wraparound, chunking, refusals. */
class TsTimelineTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long WRAP = 1L << 33;
    private static final int V = TsPackets.VIDEO_PID;
    private static final int A = TsPackets.AUDIO_PID;

    @Test
    void timestampsHaveTheLayoutOfTable221() {
        // '0010' prefix, bits 32..30, marker, 29..15, marker, 14..0, marker
        assertTimestamp("2100010001", 0x20, 0);
        assertTimestamp("2900010001", 0x20, 1L << 32);
        assertTimestamp("2fffffffff", 0x20, WRAP - 1);
        // the PTS and DTS of the first picture of an ffmpeg 5.1 segment: 132000 and 126000
        assertTimestamp("3100090741", 0x30, 132_000);
        assertTimestamp("110007d861", 0x10, 126_000);
    }

    private static void assertTimestamp(String hex, int prefix, long value) {
        byte[] field = {(byte) prefix, 0, 0, 0, 0};
        PesHeader.writeTimestamp(field, 0, value);
        assertEquals(hex, HEX.formatHex(field));
        assertEquals(value, PesHeader.readTimestamp(HEX.parseHex(hex), 0));
    }

    @Test
    void timestampsAndPcrRoundTripAtTheirLimits() {
        for (long value : new long[] {0, 1, 1L << 32, (1L << 32) - 1, WRAP - 1}) {
            byte[] field = {0x31, 0, 0, 0, 0};
            PesHeader.writeTimestamp(field, 0, value);
            assertEquals(value, PesHeader.readTimestamp(field, 0));
            assertEquals(0x30, field[0] & 0xF0, "the prefix is kept");
            for (int extension : new int[] {0, 1, 299}) {
                byte[] pcr = new byte[6];
                TsPacket.writePcr(pcr, 0, value, extension);
                assertEquals(value, TsPacket.readPcrBase(pcr, 0));
                assertEquals(extension, TsPacket.readPcrExtension(pcr, 0));
                assertEquals(0x7E, pcr[4] & 0x7E, "reserved bits set");
            }
        }
        byte[] field = new byte[5];
        PesHeader.writeTimestamp(field, 0, WRAP + 5);
        assertEquals(5, PesHeader.readTimestamp(field, 0), "written mod 2^33");
    }

    @Test
    void firstSegmentStartsAtZeroAndKeepsItsDistances() {
        byte[] segment = new TsPackets().pat().pmt().pes(V, 136_000, 130_000, 67_000).pes(A, 133_000, -1, -1)
                .pes(V, 145_000, 133_000, 70_000).bytes();
        List<TsPackets.Stamp> stamps = TsPackets.stamps(rewrite(new TsTimeline(), true, segment));
        assertEquals(List.of(new TsPackets.Stamp(2, V, -1, -1, 0), new TsPackets.Stamp(2, V, 69_000, 63_000, -1),
                new TsPackets.Stamp(3, A, 66_000, -1, -1), new TsPackets.Stamp(4, V, -1, -1, 3_000),
                new TsPackets.Stamp(4, V, 78_000, 66_000, -1)), stamps);
    }

    @Test
    void continuousSegmentsKeepTheSourceSpacingAcrossTheWrap() {
        TsTimeline timeline = new TsTimeline();
        long start = WRAP - 4_500;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int segment = 0; segment < 3; segment++) {
            TsPackets packets = new TsPackets().pat().pmt();
            for (int frame = 0; frame < 2; frame++) {
                long dts = (start + (segment * 2 + frame) * 3_000L) % WRAP;
                packets.pes(V, (dts + 3_000) % WRAP, dts, (dts + WRAP - 1_000) % WRAP);
            }
            file.writeBytes(rewrite(timeline, segment > 0, packets.bytes()));
        }
        List<Long> dts = TsPackets.stamps(file.toByteArray()).stream().filter(s -> s.dts() >= 0)
                .map(TsPackets.Stamp::dts).toList();
        assertEquals(List.of(1_000L, 4_000L, 7_000L, 10_000L, 13_000L, 16_000L), dts);
        assertEquals(0, timeline.snapshot().clampedTimestamps());
        assertEquals(0, timeline.snapshot().clockJumps());
    }

    @Test
    void aBreakIsReanchoredOneFrameAfterTheLastPicture() {
        TsTimeline timeline = new TsTimeline();
        byte[] first = new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).pes(V, 6_000, 3_000, 3_000).bytes();
        byte[] later = new TsPackets().pat().pmt().pes(V, 900_000, 897_000, 890_000).pes(A, 899_000, -1, -1)
                .pes(V, 903_000, 900_000, -1).bytes();
        rewrite(timeline, false, first);
        List<TsPackets.Stamp> stamps = TsPackets.stamps(rewrite(timeline, false, later));
        // last PTS 6000 + one frame: the first picture at 9000, audio and PCR at their distances from it
        assertEquals(List.of(new TsPackets.Stamp(2, V, -1, -1, 0), new TsPackets.Stamp(2, V, 9_000, 6_000, -1),
                new TsPackets.Stamp(3, A, 8_000, -1, -1), new TsPackets.Stamp(4, V, 12_000, 9_000, -1)), stamps);
        assertEquals(0, timeline.snapshot().clampedTimestamps());
    }

    @Test
    void aDtsThatGoesBackIsRaisedAndCounted() {
        TsTimeline timeline = new TsTimeline();
        byte[] segment = new TsPackets().pat().pmt().pes(V, 9_000, 6_000, 0).pes(V, 6_000, 3_000, -1)
                .pes(V, 15_000, 12_000, -1).bytes();
        List<TsPackets.Stamp> stamps = TsPackets.stamps(rewrite(timeline, false, segment));
        assertEquals(List.of(6_000L, 6_001L, 12_000L), stamps.stream().filter(s -> s.dts() >= 0)
                .map(TsPackets.Stamp::dts).toList());
        assertEquals(6_001, stamps.get(2).pts(), "the PTS is not left below its DTS");
        assertEquals(1, timeline.snapshot().clampedTimestamps());
    }

    @Test
    void aJumpInAContinuousSegmentIsABreak() {
        TsTimeline timeline = new TsTimeline();
        rewrite(timeline, false, new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).pes(V, 6_000, 3_000, -1).bytes());
        byte[] jumped = new TsPackets().pat().pmt().pes(V, 5_000_000, 4_997_000, -1).bytes();
        List<TsPackets.Stamp> stamps = TsPackets.stamps(rewrite(timeline, true, jumped));
        assertEquals(9_000, stamps.get(0).pts());
        assertEquals(1, timeline.snapshot().clockJumps());
    }

    @Test
    void chunkBoundariesAnywhereGiveTheSameBytes() {
        byte[] segment = new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).pes(A, 2_000, -1, -1)
                .pes(V, 9_000, 3_000, 3_000, 7).pes(V, 6_000, 6_000, -1).bytes();
        byte[] whole = rewrite(new TsTimeline(), false, segment);
        for (int size : new int[] {1, 5, 17, 187, 189, 400}) {
            TsTimeline timeline = new TsTimeline();
            timeline.beginSegment(false);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int at = 0; at < segment.length; at += size) {
                out.writeBytes(timeline.rewrite(segment, at, Math.min(size, segment.length - at)));
            }
            out.writeBytes(timeline.endSegment());
            assertArrayEquals(whole, out.toByteArray(), "chunks of " + size);
        }
    }

    @Test
    void aPesHeaderSplitOverTwoPacketsIsRewrittenInBoth() {
        for (int inFirst = 1; inFirst <= 18; inFirst++) {
            byte[] segment = new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).pes(V, 9_000, 3_000, -1, inFirst)
                    .pes(V, 6_000, 6_000, -1).bytes();
            byte[] out = rewrite(new TsTimeline(), false, segment);
            assertEquals(segment.length, out.length);
            int second = 3 * TsPacket.SIZE;
            byte[] header = new byte[19];
            System.arraycopy(out, second + TsPacket.SIZE - inFirst, header, 0, inFirst);
            System.arraycopy(out, second + TsPacket.SIZE + 4, header, inFirst, 19 - inFirst);
            assertEquals(9_000, PesHeader.readTimestamp(header, 9), "PTS with " + inFirst + " bytes in the first");
            assertEquals(3_000, PesHeader.readTimestamp(header, 14), "DTS with " + inFirst + " bytes in the first");
        }
    }

    @Test
    void continuityCountersRunOnAcrossABreak() {
        TsTimeline timeline = new TsTimeline();
        byte[] first = rewrite(timeline, false, new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).bytes());
        byte[] second = rewrite(timeline, false, new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).bytes());
        assertEquals(0, TsPacket.continuityCounter(first, 0));
        assertEquals(1, TsPacket.continuityCounter(second, 0), "the PAT's counter goes on");
        assertEquals(1, TsPacket.continuityCounter(second, 2 * TsPacket.SIZE), "the video's counter goes on");
    }

    @Test
    void anHtmlPageIsNotASegment() {
        byte[] html = "<!DOCTYPE html><html><body>403 Forbidden</body></html>".repeat(8)
                .getBytes(StandardCharsets.US_ASCII);
        TsTimeline timeline = new TsTimeline();
        timeline.beginSegment(false);
        SegmentFormatException e = assertThrows(SegmentFormatException.class, () -> timeline.rewrite(html));
        assertEquals("not an MPEG-TS segment: packet 1 (at byte 0) starts with 0x3C, not the sync byte 0x47",
                e.getMessage());
        assertTrue(e.wrongFormat());
        assertThrows(IllegalStateException.class, timeline::endSegment, "the segment is over");
        timeline.beginSegment(false);
        assertEquals(0, timeline.endSegment().length);
    }

    @Test
    void aLostSyncLaterInTheSegmentNamesThePacket() {
        byte[] segment = new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).bytes();
        segment[2 * TsPacket.SIZE] = 0x00;
        TsTimeline timeline = new TsTimeline();
        timeline.beginSegment(false);
        SegmentFormatException e = assertThrows(SegmentFormatException.class, () -> timeline.rewrite(segment));
        assertEquals("not an MPEG-TS segment: packet 3 (at byte 376) starts with 0x00, not the sync byte 0x47",
                e.getMessage());
    }

    @Test
    void aTruncatedLastPacketIsRefused() {
        byte[] segment = new TsPackets().pat().pmt().pes(V, 3_000, 0, 0).bytes();
        TsTimeline timeline = new TsTimeline();
        timeline.beginSegment(false);
        timeline.rewrite(ByteBuffer.wrap(segment, 0, segment.length - 88));
        SegmentFormatException e = assertThrows(SegmentFormatException.class, timeline::endSegment);
        assertEquals("the MPEG-TS segment ends 100 bytes into a 188-byte packet (after 476 bytes): it was cut short",
                e.getMessage());
        assertTrue(!e.wrongFormat());
    }

    @Test
    void codecsComeFromThePmt() {
        byte[] opus = {0x05, 0x04, 'O', 'p', 'u', 's'};
        byte[] dvbAc3 = {0x6A, 0x01, 0x00};
        byte[] segment = new TsPackets().pat().pmt(new int[][] {{0x24, V}, {0x06, A}, {0x06, 0x102}},
                new byte[][] {{}, opus, dvbAc3}).pes(V, 3_000, 0, 0).pes(A, 3_000, -1, -1).bytes();
        TsTimeline timeline = new TsTimeline();
        rewrite(timeline, false, segment);
        TimelineSnapshot snapshot = timeline.snapshot();
        assertEquals("H.265", snapshot.videoCodec());
        assertEquals("Opus", snapshot.audioCodec());
        assertEquals(1, snapshot.videoFrames());
        assertEquals(1, snapshot.audioPackets());
        assertEquals(segment.length, snapshot.bytesWritten());
        assertEquals("E-AC-3", ProgramTables.describe(1, 0x87, new byte[0], 0, 0).codec());
        assertEquals("AC-3", ProgramTables.describe(1, 0x06, dvbAc3, 0, dvbAc3.length).codec());
        assertEquals("MP3", ProgramTables.describe(1, 0x03, new byte[0], 0, 0).codec());
        assertEquals("AAC", ProgramTables.describe(1, 0x11, new byte[0], 0, 0).codec());
        assertEquals("stream_type 0x99", ProgramTables.describe(1, 0x99, new byte[0], 0, 0).codec());
    }

    @Test
    void callsOutOfOrderAreRefused() {
        TsTimeline timeline = new TsTimeline();
        assertThrows(IllegalStateException.class, () -> timeline.rewrite(new byte[0]));
        timeline.beginSegment(false);
        assertThrows(IllegalStateException.class, () -> timeline.beginSegment(true));
    }

    private static byte[] rewrite(TsTimeline timeline, boolean continuous, byte[] segment) {
        timeline.beginSegment(continuous);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(timeline.rewrite(segment));
        out.writeBytes(timeline.endSegment());
        return out.toByteArray();
    }
}
