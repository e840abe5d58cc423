package dev.streamvcr.hls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-built MPEG-TS packets for unit tests: a PAT, a PMT, and PES packets with a PTS, a DTS and a PCR, written with
 * the library's own field writers ({@link PesHeader#writeTimestamp}, {@link TsPacket#writePcr}) whose byte layout
 * {@code TsTimelineTest} checks against Table 2-21 vectors. Also reads the timestamps back out of a stream.
 */
final class TsPackets {
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int[] counters = new int[0x2000];

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A PAT naming one program whose PMT is on {@link #PMT_PID}. */
    TsPackets pat() {
        return section(0, new byte[] {0x00, (byte) 0xB0, 0x0D, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00, 0x00, 0x01,
            (byte) (0xE0 | PMT_PID >> 8), (byte) PMT_PID});
    }

    /** A PMT with PCR on the video PID and the given streams: {stream_type, pid} pairs, then descriptors per stream. */
    TsPackets pmt(int[][] streams, byte[][] descriptors) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0, 0, 0x00, 0x01, (byte) 0xC1, 0x00, 0x00,
            (byte) (0xE0 | VIDEO_PID >> 8), (byte) VIDEO_PID, (byte) 0xF0, 0x00});
        for (int i = 0; i < streams.length; i++) {
            byte[] info = descriptors == null ? new byte[0] : descriptors[i];
            body.writeBytes(new byte[] {(byte) streams[i][0], (byte) (0xE0 | streams[i][1] >> 8), (byte) streams[i][1],
                (byte) (0xF0 | info.length >> 8), (byte) info.length});
            body.writeBytes(info);
        }
        byte[] section = body.toByteArray();
        int length = section.length - 3 + 4;
        section[1] = (byte) (0xB0 | length >> 8);
        section[2] = (byte) length;
        return section(PMT_PID, section);
    }

    /** The usual H.264 video and AAC audio. */
    TsPackets pmt() {
        return pmt(new int[][] {{0x1B, VIDEO_PID}, {0x0F, AUDIO_PID}}, null);
    }

    private TsPackets section(int pid, byte[] withoutCrc) {
        byte[] section = Arrays.copyOf(withoutCrc, withoutCrc.length + 4);
        int crc = ProgramTables.crc32(withoutCrc, withoutCrc.length);
        section[withoutCrc.length] = (byte) (crc >>> 24);
        section[withoutCrc.length + 1] = (byte) (crc >>> 16);
        section[withoutCrc.length + 2] = (byte) (crc >>> 8);
        section[withoutCrc.length + 3] = (byte) crc;
        byte[] packet = new byte[TsPacket.SIZE];
        Arrays.fill(packet, (byte) 0xFF);
        header(packet, pid, true, false);
        packet[4] = 0; // pointer_field
        System.arraycopy(section, 0, packet, 5, section.length);
        out.writeBytes(packet);
        return this;
    }

    /** One PES packet in one TS packet: PTS, DTS when {@code dts >= 0}, a PCR when {@code pcr >= 0}. */
    TsPackets pes(int pid, long pts, long dts, long pcr) {
        return pes(pid, pts, dts, pcr, 0);
    }

    /**
     * A PES packet whose header starts {@code headerBytesInFirst} bytes before the end of its first TS packet (0: all
     * of it in the first), so the rest of the header is in a second one.
     */
    TsPackets pes(int pid, long pts, long dts, long pcr, int headerBytesInFirst) {
        byte[] pes = new byte[dts >= 0 ? 19 : 14];
        pes[2] = 1;
        pes[3] = (byte) (pid == VIDEO_PID ? 0xE0 : 0xC0);
        pes[6] = (byte) 0x80;
        pes[7] = (byte) (dts >= 0 ? 0xC0 : 0x80);
        pes[8] = (byte) (dts >= 0 ? 10 : 5);
        pes[9] = (byte) (dts >= 0 ? 0x30 : 0x20);
        PesHeader.writeTimestamp(pes, 9, pts);
        if (dts >= 0) {
            pes[14] = 0x10;
            PesHeader.writeTimestamp(pes, 14, dts);
        }
        byte[] packet = new byte[TsPacket.SIZE];
        Arrays.fill(packet, (byte) 0xFF);
        header(packet, pid, true, true);
        int payload = TsPacket.SIZE - (headerBytesInFirst > 0 ? headerBytesInFirst : pes.length + 16);
        packet[4] = (byte) (payload - 5); // adaptation_field_length, stuffed up to the payload
        packet[5] = (byte) (pcr >= 0 ? 0x10 : 0x00);
        if (pcr >= 0) {
            TsPacket.writePcr(packet, TsPacket.PCR_OFFSET, pcr, 0);
        }
        int inFirst = Math.min(pes.length, TsPacket.SIZE - payload);
        System.arraycopy(pes, 0, packet, payload, inFirst);
        out.writeBytes(packet);
        if (inFirst < pes.length) {
            byte[] next = new byte[TsPacket.SIZE];
            Arrays.fill(next, (byte) 0xAB);
            header(next, pid, false, false);
            System.arraycopy(pes, inFirst, next, 4, pes.length - inFirst);
            out.writeBytes(next);
        }
        return this;
    }

    private void header(byte[] packet, int pid, boolean unitStart, boolean adaptation) {
        packet[0] = 0x47;
        packet[1] = (byte) ((unitStart ? 0x40 : 0) | pid >> 8);
        packet[2] = (byte) pid;
        packet[3] = (byte) ((adaptation ? 0x30 : 0x10) | counters[pid]++ & 0x0F);
    }

    /** A PES header's timestamps, or a PCR, as read back from a stream. */
    record Stamp(int packet, int pid, long pts, long dts, long pcr) {
    }

    /** Every PCR and PES timestamp in {@code ts}, in order; headers split over two packets are not read. */
    static List<Stamp> stamps(byte[] ts) {
        List<Stamp> stamps = new ArrayList<>();
        for (int at = 0; at + TsPacket.SIZE <= ts.length; at += TsPacket.SIZE) {
            int pid = TsPacket.pid(ts, at);
            if (TsPacket.hasPcr(ts, at)) {
                stamps.add(new Stamp(at / TsPacket.SIZE, pid, -1, -1, TsPacket.readPcrBase(ts, at + 6)));
            }
            int payload = TsPacket.payloadOffset(ts, at);
            if (payload > 0 && TsPacket.payloadUnitStart(ts, at) && payload + 19 <= TsPacket.SIZE
                    && ts[at + payload + 2] == 1 && (ts[at + payload + 3] & 0xE0) >= 0xC0) {
                int p = at + payload;
                boolean hasDts = (ts[p + 7] & 0xC0) == 0xC0;
                stamps.add(new Stamp(at / TsPacket.SIZE, pid, PesHeader.readTimestamp(ts, p + 9),
                        hasDts ? PesHeader.readTimestamp(ts, p + 14) : -1, -1));
            }
        }
        return stamps;
    }
}
