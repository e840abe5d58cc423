package dev.streamvcr.hls;

/**
 * The start of one PES packet's header (ISO/IEC 13818-1 §2.4.3.6 Table 2-21, semantics §2.4.3.7), gathered from
 * the payloads of one or more transport packets of its PID, with the place each byte came from so rewritten
 * timestamps can be put back where they were. Only the bytes up to the end of the PTS and DTS are gathered: at most
 * {@value #MAX_LENGTH}.
 */
final class PesHeader {
    /** start code (3), stream_id, PES_packet_length (2), two flag bytes, PES_header_data_length, PTS (5), DTS (5). */
    static final int MAX_LENGTH = 19;
    private static final int FIXED = 9;
    private static final int PTS_AT = 9;
    private static final int DTS_AT = 14;

    private final byte[] bytes = new byte[MAX_LENGTH];
    private final long[] positions = new long[MAX_LENGTH];
    private final long firstPacket;
    private int length;

    /** @param firstPacket the sequence number of the packet the header starts in */
    PesHeader(long firstPacket) {
        this.firstPacket = firstPacket;
    }

    long firstPacket() {
        return firstPacket;
    }

    /**
     * Takes the next payload bytes, as many as the header still needs.
     *
     * @param position where {@code source[from]} is in the caller's packet store; the rest follow it
     * @return whether the header is now {@link #complete()}
     */
    boolean add(byte[] source, int from, int count, long position) {
        // needed() grows as the flags arrive: read byte by byte
        for (int i = 0; i < count && length < needed(); i++) {
            bytes[length] = source[from + i];
            positions[length++] = position + i;
        }
        return complete();
    }

    /** Whether every byte up to the last timestamp (or all that can be known to be none) has been gathered. */
    boolean complete() {
        return length >= needed();
    }

    private int needed() {
        if (length >= 4 && (!startCode() || !hasOptionalHeader())) {
            return length; // no PES start, or a stream without timestamps: nothing more to learn
        }
        if (length < FIXED) {
            return FIXED;
        }
        return switch (ptsDtsFlags()) {
            case 2 -> FIXED + 5;
            case 3 -> FIXED + 10;
            default -> FIXED;
        };
    }

    private boolean startCode() {
        return bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 1;
    }

    /** The stream_id, or -1 before it is known or when the bytes do not start with a packet_start_code_prefix. */
    int streamId() {
        return length >= 4 && startCode() ? bytes[3] & 0xFF : -1;
    }

    /**
     * Stream ids whose packets have no optional header, hence no timestamps (§2.4.3.6): program_stream_map,
     * padding_stream, private_stream_2, ECM, EMM, DSMCC, H.222.1 type E, program_stream_directory.
     */
    private boolean hasOptionalHeader() {
        int id = streamId();
        return id >= 0 && id != 0xBC && id != 0xBE && id != 0xBF && id != 0xF0 && id != 0xF1 && id != 0xF2
                && id != 0xF8 && id != 0xFF;
    }

    private int ptsDtsFlags() {
        return (bytes[7] & 0xC0) >>> 6;
    }

    /**
     * Whether the gathered header is well formed and carries a PTS: start code, the '10' bits that begin the
     * optional header, PTS_DTS_flags '10' or '11' ('01' is forbidden), and a PES_header_data_length that covers them.
     */
    boolean hasPts() {
        if (!complete() || length < FIXED || !hasOptionalHeader() || (bytes[6] & 0xC0) != 0x80) {
            return false;
        }
        int flags = ptsDtsFlags();
        int dataLength = bytes[8] & 0xFF;
        return flags == 2 && dataLength >= 5 || flags == 3 && dataLength >= 10;
    }

    /** Only after {@link #hasPts()}. */
    boolean hasDts() {
        return ptsDtsFlags() == 3;
    }

    long pts() {
        return readTimestamp(bytes, PTS_AT);
    }

    long dts() {
        return readTimestamp(bytes, DTS_AT);
    }

    /** Sets the PTS (mod 2^33) and writes it back through {@code store}. */
    void writePts(long value, PacketQueue store) {
        writeTimestamp(bytes, PTS_AT, value);
        scatter(PTS_AT, store);
    }

    /** Sets the DTS (mod 2^33) and writes it back through {@code store}; only when {@link #hasDts()}. */
    void writeDts(long value, PacketQueue store) {
        writeTimestamp(bytes, DTS_AT, value);
        scatter(DTS_AT, store);
    }

    private void scatter(int from, PacketQueue store) {
        for (int i = from; i < from + 5; i++) {
            store.set(positions[i], bytes[i]);
        }
    }

    /**
     * A 33-bit PTS or DTS in its 5-byte form: a 4-bit prefix ('0010', '0011' or '0001'), then bits 32..30, 29..15
     * and 14..0, each group followed by a marker bit (Table 2-21).
     */
    static long readTimestamp(byte[] b, int at) {
        return (b[at] & 0x0EL) << 29 | (b[at + 1] & 0xFFL) << 22 | (b[at + 2] & 0xFEL) << 14
                | (b[at + 3] & 0xFFL) << 7 | (b[at + 4] & 0xFF) >>> 1;
    }

    /** Writes {@code value} mod 2^33 in the 5-byte form, keeping the prefix and setting the marker bits. */
    static void writeTimestamp(byte[] b, int at, long value) {
        long v = value & TsPacket.CLOCK_MASK;
        b[at] = (byte) (b[at] & 0xF0 | (v >>> 29) & 0x0E | 1);
        b[at + 1] = (byte) (v >>> 22);
        b[at + 2] = (byte) ((v >>> 14) & 0xFE | 1);
        b[at + 3] = (byte) (v >>> 7);
        b[at + 4] = (byte) ((v << 1) & 0xFE | 1);
    }
}
