package dev.streamvcr.rtmp.handshake;

import dev.streamvcr.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Client side of the RTMP handshake: C0+C1 out, S0+S1 in, C2 out, S2 in. A pure state machine over bytes; the caller
 * owns the socket and the timeout.
 *
 * <p>Two flavours:
 * <ul>
 * <li>{@link #simple()} (the default): the handshake of RTMP spec 5.2; C1 is time, zeros and random bytes, C2 echoes
 * S1 (as librtmp does), S2 is read and not checked (servers differ in what they echo).</li>
 * <li>{@link #digest()}: the Flash Player 9+ handshake that servers requiring SWF verification insist on, done as
 * librtmp 2.4 (rtmpdump) does it. C1 carries player version 10.0.45.2 and an HMAC-SHA256 digest keyed with the
 * 30-byte Flash Player key text, at the offset given by bytes 8..11. If S1's version byte is 0 the server only
 * speaks the simple handshake and this falls back to it, as librtmp does. Otherwise S1 must carry a digest keyed
 * with the 36-byte Flash Media Server key text, at either offset scheme (bytes 8..11 tried first, then 772..775);
 * C2 is random bytes signed with a key derived from the server's digest and the full player key; S2 must be signed
 * with a key derived from our digest and the full server key. As in librtmp, an S1 or S2 whose signature does not
 * verify ends the handshake with a {@link RtmpProtocolException} naming which one; there is no silent fallback once
 * the server has claimed the digest handshake, since a server that wants SWF verification would refuse us later
 * anyway, with a less clear reason.</li>
 * </ul>
 *
 * <p>Use: write {@link #c0c1()}; pass every arriving buffer to {@link #feed}, write the C2 it returns once, and
 * stop feeding when {@link #isDone()}; bytes after S2 are left unread in the buffer for the chunk decoder. After a
 * digest handshake, {@link #swfVerificationKey()} holds what the SWF verification response needs.
 */
public final class ClientHandshake {
    /** spec 5.2.2: the version this spec defines; 0–2 are deprecated, 4–31 reserved, 32+ not RTMP. */
    public static final int RTMP_VERSION = 3;
    /** spec 5.2.3: C1/S1/C2/S2 are 1536 bytes. */
    public static final int PACKET_SIZE = 1536;
    /** The Flash Player version rtmpdump 2.4 puts in a digest C1: 10.0.45.2. */
    private static final byte[] PLAYER_VERSION = {10, 0, 45, 2};
    private static final int SIGNATURE_OFFSET = PACKET_SIZE - FlashDigest.DIGEST_LENGTH;

    private enum State { AWAIT_S0, AWAIT_S1, AWAIT_S2, DONE }

    private final byte[] c1 = new byte[PACKET_SIZE];
    /** Random bytes for a digest C2, drawn up front so {@link #feed} never touches the caller's {@link Random}. */
    private final byte[] c2Noise;
    private final int clientDigestOffset;
    private final byte[] s1 = new byte[PACKET_SIZE];
    private final byte[] s2;
    private int s1Filled;
    private int s2Filled;
    private boolean digestInEffect;
    private State state = State.AWAIT_S0;

    /** A simple handshake; same as {@link #simple(Random, long)}. */
    public ClientHandshake(Random random, long epochMillis) {
        this(random, epochMillis, false);
    }

    private ClientHandshake(Random random, long epochMillis, boolean digest) {
        int time = (int) epochMillis;
        c1[0] = (byte) (time >>> 24);
        c1[1] = (byte) (time >>> 16);
        c1[2] = (byte) (time >>> 8);
        c1[3] = (byte) time;
        byte[] noise = new byte[PACKET_SIZE - 8];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, c1, 8, noise.length);
        if (digest) {
            System.arraycopy(PLAYER_VERSION, 0, c1, 4, 4);
            clientDigestOffset = FlashDigest.imprint(c1, DigestScheme.FIRST_BLOCK, FlashDigest.PLAYER_KEY_TEXT);
            c2Noise = new byte[SIGNATURE_OFFSET];
            random.nextBytes(c2Noise);
            s2 = new byte[PACKET_SIZE];
        } else {
            // bytes 4..7 stay zero (spec 5.2.3 "Zero: MUST be all 0s")
            clientDigestOffset = -1;
            c2Noise = null;
            s2 = null;
        }
    }

    /** The simple handshake of RTMP spec 5.2, with C1's time field from the wall clock. */
    public static ClientHandshake simple() {
        return simple(ThreadLocalRandom.current(), System.currentTimeMillis());
    }

    /**
     * @param random      source of C1's 1528 random bytes; spec 5.2.3 does not require cryptographic randomness
     * @param epochMillis C1's time field, the client's epoch (spec 5.2.3: "may be 0, or some arbitrary value")
     */
    public static ClientHandshake simple(Random random, long epochMillis) {
        return new ClientHandshake(random, epochMillis, false);
    }

    /** The Flash Player 9+ digest handshake (see the class comment), with C1's time field from the wall clock. */
    public static ClientHandshake digest() {
        return digest(ThreadLocalRandom.current(), System.currentTimeMillis());
    }

    /** @see #simple(Random, long) for the parameters; the random source also fills C2. */
    public static ClientHandshake digest(Random random, long epochMillis) {
        return new ClientHandshake(random, epochMillis, true);
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
     * @return true once S1 has been read and the digest handshake is in effect; false for a simple handshake and
     *         for a digest handshake the server declined (S1 version 0)
     */
    public boolean usesDigest() {
        return digestInEffect;
    }

    /**
     * The HMAC key of the SWF verification response (User Control event 27): the last 32 bytes of the server's S1,
     * as librtmp uses them.
     *
     * @return the key once S1 has been read and verified in a digest handshake; empty before that, for a simple
     *         handshake, and when the server declined the digest handshake (such a server cannot ask for SWF
     *         verification meaningfully)
     */
    public Optional<byte[]> swfVerificationKey() {
        return digestInEffect ? Optional.of(Arrays.copyOfRange(s1, SIGNATURE_OFFSET, PACKET_SIZE)) : Optional.empty();
    }

    /**
     * Consumes handshake bytes from {@code in}, never more than the handshake needs.
     *
     * @return C2 to send, exactly once, when S1 has been read; otherwise null
     * @throws RtmpProtocolException if S0 is not version 3, or a digest handshake's S1 or S2 signature does not
     *                               verify
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
                c2 = answerS1();
                state = State.AWAIT_S2;
            }
        }
        if (state == State.AWAIT_S2) {
            int n = Math.min(PACKET_SIZE - s2Filled, in.readableBytes());
            if (s2 != null) {
                in.readBytes(s2, s2Filled, n);
            } else {
                in.skipBytes(n);
            }
            s2Filled += n;
            if (s2Filled == PACKET_SIZE) {
                if (digestInEffect) {
                    verifyS2();
                }
                state = State.DONE;
            }
        }
        return c2;
    }

    private byte[] answerS1() {
        // librtmp: a server answering version byte 0 in S1 speaks only the simple handshake
        if (c2Noise == null || s1[4] == 0) {
            return s1.clone();
        }
        int serverDigestOffset = FlashDigest.findDigest(s1, FlashDigest.SERVER_KEY_TEXT)
                .orElseThrow(() -> new RtmpProtocolException("RTMP handshake: the server (version "
                        + versionOf(s1) + ") claimed the Flash Player 9 handshake, but its S1 carries no valid"
                        + " Flash Media Server digest at either offset; it is not an Adobe-compatible server"));
        byte[] serverDigest = Arrays.copyOfRange(s1, serverDigestOffset, serverDigestOffset + FlashDigest.DIGEST_LENGTH);
        byte[] c2 = Arrays.copyOf(c2Noise, PACKET_SIZE);
        byte[] signature = FlashDigest.responseSignature(c2, serverDigest, FlashDigest.PLAYER_KEY);
        System.arraycopy(signature, 0, c2, SIGNATURE_OFFSET, signature.length);
        digestInEffect = true;
        return c2;
    }

    private void verifyS2() {
        byte[] clientDigest = Arrays.copyOfRange(c1, clientDigestOffset, clientDigestOffset + FlashDigest.DIGEST_LENGTH);
        byte[] expected = FlashDigest.responseSignature(s2, clientDigest, FlashDigest.SERVER_KEY);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(s2, SIGNATURE_OFFSET, PACKET_SIZE))) {
            throw new RtmpProtocolException("RTMP handshake: the server's S2 is not signed for our C1 digest, as a"
                    + " Flash Player 9 handshake requires; the server is not Adobe-compatible");
        }
    }

    private static String versionOf(byte[] packet) {
        return (packet[4] & 0xFF) + "." + (packet[5] & 0xFF) + "." + (packet[6] & 0xFF) + "." + (packet[7] & 0xFF);
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
