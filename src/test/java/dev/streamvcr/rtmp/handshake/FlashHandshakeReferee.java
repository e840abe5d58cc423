package dev.streamvcr.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's half of the Flash Player 9+ handshake, written for tests from the published key material and offset
 * rules, independently of the production classes: it checks a client's C1 and C2 and signs S1 and S2 the way a
 * Flash Media Server (or nginx-rtmp, or librtmp's server side) does.
 */
public final class FlashHandshakeReferee {
    public static final int SIZE = 1536;
    /** Offset-byte positions of the two digest schemes. */
    public static final int FIRST_BLOCK = 8;
    public static final int SECOND_BLOCK = 772;

    private static final String TAIL = "f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae";
    private static final byte[] PLAYER_TEXT = ascii("Genuine Adobe Flash Player 001");
    private static final byte[] SERVER_TEXT = ascii("Genuine Adobe Flash Media Server 001");
    private static final byte[] PLAYER_FULL = join(PLAYER_TEXT, HexFormat.of().parseHex(TAIL));
    private static final byte[] SERVER_FULL = join(SERVER_TEXT, HexFormat.of().parseHex(TAIL));

    private FlashHandshakeReferee() {
    }

    /** Where the digest sits under the scheme whose offset bytes start at {@code base} (8 or 772). */
    public static int offset(byte[] packet, int base) {
        int sum = (packet[base] & 0xFF) + (packet[base + 1] & 0xFF) + (packet[base + 2] & 0xFF)
                + (packet[base + 3] & 0xFF);
        return base + 4 + sum % 728;
    }

    /** The offset of a C1's player digest under either scheme, or empty if it has none. */
    public static OptionalInt clientDigestOffset(byte[] c1) {
        return digestOffset(c1, PLAYER_TEXT);
    }

    /** The offset of an S1's server digest under either scheme, or empty if it has none. */
    public static OptionalInt serverDigestOffset(byte[] s1) {
        return digestOffset(s1, SERVER_TEXT);
    }

    /** An S1 with server version 13.14.10.13 (nginx-rtmp's) and a server digest placed by scheme {@code base}. */
    public static byte[] signedS1(Random random, int base) {
        byte[] s1 = new byte[SIZE];
        random.nextBytes(s1);
        s1[4] = 13;
        s1[5] = 14;
        s1[6] = 10;
        s1[7] = 13;
        int at = offset(s1, base);
        System.arraycopy(gapHmac(s1, at, SERVER_TEXT), 0, s1, at, 32);
        return s1;
    }

    /** An S2 of random bytes signed for the client digest at {@code clientDigestOffset} of {@code c1}. */
    public static byte[] signedS2(Random random, byte[] c1, int clientDigestOffset) {
        byte[] s2 = new byte[SIZE];
        random.nextBytes(s2);
        byte[] key = hmac(SERVER_FULL, Arrays.copyOfRange(c1, clientDigestOffset, clientDigestOffset + 32));
        System.arraycopy(hmac(key, Arrays.copyOf(s2, SIZE - 32)), 0, s2, SIZE - 32, 32);
        return s2;
    }

    /** Whether {@code c2} is signed for the server digest of {@code s1} (at {@code serverDigestOffset}). */
    public static boolean c2Verifies(byte[] c2, byte[] s1, int serverDigestOffset) {
        byte[] key = hmac(PLAYER_FULL, Arrays.copyOfRange(s1, serverDigestOffset, serverDigestOffset + 32));
        return Arrays.equals(hmac(key, Arrays.copyOf(c2, SIZE - 32)), Arrays.copyOfRange(c2, SIZE - 32, SIZE));
    }

    /** Whether {@code s2} is signed for the client digest at {@code clientDigestOffset} of {@code c1}. */
    public static boolean s2Verifies(byte[] s2, byte[] c1, int clientDigestOffset) {
        byte[] key = hmac(SERVER_FULL, Arrays.copyOfRange(c1, clientDigestOffset, clientDigestOffset + 32));
        return Arrays.equals(hmac(key, Arrays.copyOf(s2, SIZE - 32)), Arrays.copyOfRange(s2, SIZE - 32, SIZE));
    }

    /** HMAC-SHA256 with {@code key} over {@code data}. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static OptionalInt digestOffset(byte[] packet, byte[] keyText) {
        for (int base : new int[] {FIRST_BLOCK, SECOND_BLOCK}) {
            int at = offset(packet, base);
            if (Arrays.equals(gapHmac(packet, at, keyText), Arrays.copyOfRange(packet, at, at + 32))) {
                return OptionalInt.of(at);
            }
        }
        return OptionalInt.empty();
    }

    /** HMAC over the packet without the 32 bytes at {@code at}. */
    private static byte[] gapHmac(byte[] packet, int at, byte[] key) {
        return hmac(key, join(Arrays.copyOfRange(packet, 0, at), Arrays.copyOfRange(packet, at + 32, SIZE)));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
