package dev.streamvcr.rtmp.handshake;

import dev.streamvcr.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Random;

/**
 * Client side of the simple handshake (RTMP spec 5.2): send C0+C1, read S0+S1, answer C2 (an echo of S1, as
 * librtmp does), read S2. A pure state machine over bytes; the caller owns the socket and the timeout.
 *
 * <p>Use: write {@link #c0c1()}; pass every arriving buffer to {@link #feed}, write the C2 it returns once, and
 * stop feeding when {@link #isDone()}; bytes after S2 are left unread in the buffer for the chunk decoder.
 */
public final class ClientHandshake {
    /** spec 5.2.2: the version this spec defines; 0–2 are deprecated, 4–31 reserved, 32+ not RTMP. */
    public static final int RTMP_VERSION = 3;
    /** spec 5.2.3: C1/S1/C2/S2 are 1536 bytes. */
    public static final int PACKET_SIZE = 1536;

    private enum State { AWAIT_S0, AWAIT_S1, AWAIT_S2, DONE }

    private final byte[] c1 = new byte[PACKET_SIZE];
    private final byte[] s1 = new byte[PACKET_SIZE];
    private int s1Filled;
    private int s2Skipped;
    private State state = State.AWAIT_S0;

    /**
     * @param random     source of C1's 1528 random bytes; spec 5.2.3 does not require cryptographic randomness
     * @param epochMillis C1's time field, the client's epoch (spec 5.2.3: "may be 0, or some arbitrary value")
     */
    public ClientHandshake(Random random, long epochMillis) {
        int time = (int) epochMillis;
        c1[0] = (byte) (time >>> 24);
        c1[1] = (byte) (time >>> 16);
        c1[2] = (byte) (time >>> 8);
        c1[3] = (byte) time;
        // bytes 4..7 stay zero (spec 5.2.3 "Zero: MUST be all 0s")
        byte[] noise = new byte[PACKET_SIZE - 8];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, c1, 8, noise.length);
    }

    /** @return C0 (the version byte) followed by C1: 1537 bytes to send first */
    public byte[] c0c1() {
        byte[] out = new byte[1 + PACKET_SIZE];
        out[0] = RTMP_VERSION;
        System.arraycopy(c1, 0, out, 1, PACKET_SIZE);
        return out;
    }

    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * Consumes handshake bytes from {@code in}, never more than the handshake needs.
     *
     * @return C2 to send, exactly once, when S1 has been read; otherwise null
     * @throws RtmpProtocolException if S0 is not version 3
     */
    public byte[] feed(ByteBuf in) {
        byte[] c2 = null;
        if (state == State.AWAIT_S0 && in.isReadable()) {
            int version = in.readUnsignedByte();
            if (version != RTMP_VERSION) {
                throw new RtmpProtocolException("RTMP handshake: the server answered version " + version
                        + ", expected " + RTMP_VERSION + describe(version));
            }
            state = State.AWAIT_S1;
        }
        if (state == State.AWAIT_S1) {
            int n = Math.min(PACKET_SIZE - s1Filled, in.readableBytes());
            in.readBytes(s1, s1Filled, n);
            s1Filled += n;
            if (s1Filled == PACKET_SIZE) {
                c2 = s1.clone();
                state = State.AWAIT_S2;
            }
        }
        if (state == State.AWAIT_S2) {
            // S2 should echo C1; like librtmp, a mismatch is tolerated (servers differ in what they echo)
            int n = Math.min(PACKET_SIZE - s2Skipped, in.readableBytes());
            in.skipBytes(n);
            s2Skipped += n;
            if (s2Skipped == PACKET_SIZE) {
                state = State.DONE;
            }
        }
        return c2;
    }

    private static String describe(int version) {
        if (version == 6) {
            return " (6 is RTMPE, encrypted RTMP, which is not supported)";
        }
        if (version >= 0x20 && version < 0x7F) {
            return " (the server sent text starting with '" + (char) version + "'; is this port an RTMP server?)";
        }
        return "";
    }
}
