package dev.streamvcr.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 arithmetic of the Flash Player 9+ handshake: the Flash Player key signs client packets, the Flash
 * Media Server key signs server packets. Each key is a public text followed by 32 constant bytes; the text alone
 * signs C1/S1, the whole key derives the C2/S2 signature key (as librtmp, ffmpeg and nginx-rtmp do).
 */
final class FlashDigest {
    static final int PACKET_SIZE = ClientHandshake.PACKET_SIZE;
    static final int DIGEST_LENGTH = DigestScheme.DIGEST_LENGTH;

    private static final byte[] KEY_TAIL = {
        (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
        (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
        (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
        (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE,
    };
    /** "Genuine Adobe Flash Player 001": signs C1 (and is the SWF hash key). */
    static final byte[] PLAYER_KEY_TEXT = "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);
    /** "Genuine Adobe Flash Media Server 001": signs S1. */
    static final byte[] SERVER_KEY_TEXT = "Genuine Adobe Flash Media Server 001".getBytes(StandardCharsets.US_ASCII);
    /** The 62-byte player key: derives the C2 signature key from the server's digest. */
    static final byte[] PLAYER_KEY = concat(PLAYER_KEY_TEXT, KEY_TAIL);
    /** The 68-byte server key: derives the S2 signature key from the client's digest. */
    static final byte[] SERVER_KEY = concat(SERVER_KEY_TEXT, KEY_TAIL);

    private FlashDigest() {
    }

    static byte[] hmacSha256(byte[] key, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The digest of {@code packet} with its 32 digest bytes at {@code digestOffset} left out. */
    static byte[] packetDigest(byte[] packet, int digestOffset, byte[] key) {
        byte[] rest = new byte[PACKET_SIZE - DIGEST_LENGTH];
        System.arraycopy(packet, 0, rest, 0, digestOffset);
        System.arraycopy(packet, digestOffset + DIGEST_LENGTH, rest, digestOffset, rest.length - digestOffset);
        return hmacSha256(key, rest, 0, rest.length);
    }

    /** Writes {@code scheme}'s digest into {@code packet}; returns its offset. */
    static int imprint(byte[] packet, DigestScheme scheme, byte[] key) {
        int offset = scheme.digestOffset(packet);
        System.arraycopy(packetDigest(packet, offset, key), 0, packet, offset, DIGEST_LENGTH);
        return offset;
    }

    /** Tries both schemes, first block first (librtmp's order); returns the offset of the digest that verifies. */
    static Optional<Integer> findDigest(byte[] packet, byte[] key) {
        for (DigestScheme scheme : DigestScheme.values()) {
            int offset = scheme.digestOffset(packet);
            byte[] expected = packetDigest(packet, offset, key);
            if (MessageDigest.isEqual(expected, Arrays.copyOfRange(packet, offset, offset + DIGEST_LENGTH))) {
                return Optional.of(offset);
            }
        }
        return Optional.empty();
    }

    /**
     * The C2/S2 signature: the last 32 bytes of the packet, an HMAC of the first 1504 bytes keyed with
     * HMAC(full key of the signer, the peer's C1/S1 digest).
     */
    static byte[] responseSignature(byte[] packet, byte[] peerDigest, byte[] signerKey) {
        byte[] key = hmacSha256(signerKey, peerDigest, 0, DIGEST_LENGTH);
        return hmacSha256(key, packet, 0, PACKET_SIZE - DIGEST_LENGTH);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
