package dev.streamvcr.rtmp.handshake;

/**
 * Where a Flash Player 9+ handshake packet (C1 or S1, 1536 bytes) keeps its 32-byte HMAC-SHA256 digest. The packet
 * is read as time (4), version (4) and two 764-byte blocks; the digest sits in one of the blocks, at an offset
 * derived from four bytes at the start of that block. Neither Adobe nor the RTMP spec documents this; the layout is
 * the one librtmp, ffmpeg and nginx-rtmp agree on.
 */
enum DigestScheme {
    /** Offset = (sum of bytes 8..11) mod 728 + 12: librtmp's client choice (checked against rtmpdump 2.4's C1). */
    FIRST_BLOCK(8),
    /** Offset = (sum of bytes 772..775) mod 728 + 776. */
    SECOND_BLOCK(772);

    static final int DIGEST_LENGTH = 32;
    /** 764-byte block minus the 4 offset bytes and the 32 digest bytes. */
    private static final int OFFSET_MODULUS = 728;

    private final int base;

    DigestScheme(int base) {
        this.base = base;
    }

    /** @return where the digest starts in {@code packet} under this scheme */
    int digestOffset(byte[] packet) {
        int sum = 0;
        for (int i = base; i < base + 4; i++) {
            sum += packet[i] & 0xFF;
        }
        return sum % OFFSET_MODULUS + base + 4;
    }
}
