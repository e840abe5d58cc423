package dev.streamvcr.hls;

/**
 * Reads and writes the fields of one 188-byte MPEG-2 transport stream packet in place: its header (ISO/IEC 13818-1
 * §2.4.3.2 Table 2-2, semantics §2.4.3.3) and its adaptation field (§2.4.3.4 Table 2-6, semantics §2.4.3.5). Every
 * method takes the array and the packet's offset in it; none allocates.
 */
final class TsPacket {
    static final int SIZE = 188;
    static final int SYNC_BYTE = 0x47;
    /** Null packets (§2.4.3.3, Table 2-3) carry no data and no meaningful continuity counter. */
    static final int NULL_PID = 0x1FFF;
    /** PTS, DTS and the PCR base are 33-bit counts of a 90 kHz clock (§2.4.3.7, §2.4.3.5). */
    static final long CLOCK_WRAP = 1L << 33;
    static final long CLOCK_MASK = CLOCK_WRAP - 1;
    /** Where the PCR starts in a packet that has one: after the header, adaptation_field_length and the flags. */
    static final int PCR_OFFSET = 6;

    private TsPacket() {
    }

    static int pid(byte[] b, int at) {
        return (b[at + 1] & 0x1F) << 8 | b[at + 2] & 0xFF;
    }

    static boolean payloadUnitStart(byte[] b, int at) {
        return (b[at + 1] & 0x40) != 0;
    }

    /** transport_scrambling_control: anything but '00' means the payload is encrypted (the header never is). */
    static boolean scrambled(byte[] b, int at) {
        return (b[at + 3] & 0xC0) != 0;
    }

    /** adaptation_field_control '10' or '11' (Table 2-5). */
    static boolean hasAdaptationField(byte[] b, int at) {
        return (b[at + 3] & 0x20) != 0;
    }

    /** adaptation_field_control '01' or '11' (Table 2-5). */
    static boolean hasPayload(byte[] b, int at) {
        return (b[at + 3] & 0x10) != 0;
    }

    static int continuityCounter(byte[] b, int at) {
        return b[at + 3] & 0x0F;
    }

    static void setContinuityCounter(byte[] b, int at, int counter) {
        b[at + 3] = (byte) (b[at + 3] & 0xF0 | counter & 0x0F);
    }

    /**
     * @return the offset of the payload from the packet's start, or -1 when the packet has no payload or its
     *         adaptation_field_length runs past the packet (a damaged packet, passed on untouched)
     */
    static int payloadOffset(byte[] b, int at) {
        if (!hasPayload(b, at)) {
            return -1;
        }
        if (!hasAdaptationField(b, at)) {
            return 4;
        }
        int offset = 5 + (b[at + 4] & 0xFF);
        return offset < SIZE ? offset : -1;
    }

    /** Whether the adaptation field is long enough for its flags and has PCR_flag set. */
    static boolean hasPcr(byte[] b, int at) {
        return hasAdaptationField(b, at) && (b[at + 4] & 0xFF) >= 7 && (b[at + 4] & 0xFF) <= 183
                && (b[at + 5] & 0x10) != 0;
    }

    /**
     * Sets discontinuity_indicator: on the PCR PID it says a new system time base starts with this packet's PCR
     * (§2.4.3.5), which is how a PCR that goes back is announced. Only call on a packet that {@link #hasPcr has a PCR}.
     */
    static void setDiscontinuityIndicator(byte[] b, int at) {
        b[at + 5] |= (byte) 0x80;
    }

    /** program_clock_reference_base at {@code at}: 33 bits, then 6 reserved bits and the 9-bit extension. */
    static long readPcrBase(byte[] b, int at) {
        return (b[at] & 0xFFL) << 25 | (b[at + 1] & 0xFFL) << 17 | (b[at + 2] & 0xFFL) << 9
                | (b[at + 3] & 0xFFL) << 1 | (b[at + 4] & 0xFF) >>> 7;
    }

    /** The 9-bit program_clock_reference_extension, in 27 MHz ticks (0 to 299) past the base. */
    static int readPcrExtension(byte[] b, int at) {
        return (b[at + 4] & 0x01) << 8 | b[at + 5] & 0xFF;
    }

    /** Writes a PCR base (taken mod 2^33), keeping the reserved bits and the extension as they are. */
    static void writePcrBase(byte[] b, int at, long base) {
        long value = base & CLOCK_MASK;
        b[at] = (byte) (value >>> 25);
        b[at + 1] = (byte) (value >>> 17);
        b[at + 2] = (byte) (value >>> 9);
        b[at + 3] = (byte) (value >>> 1);
        b[at + 4] = (byte) ((value & 1) << 7 | b[at + 4] & 0x7F);
    }

    /** Writes a whole PCR: base (mod 2^33), the reserved bits set to 1 as §2.4.3.4 has them, and the extension. */
    static void writePcr(byte[] b, int at, long base, int extension) {
        b[at + 4] = (byte) (0x7E | extension >>> 8 & 1);
        b[at + 5] = (byte) extension;
        writePcrBase(b, at, base);
    }
}
