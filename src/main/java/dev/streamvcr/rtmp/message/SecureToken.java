package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.amf.Amf0;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The SecureToken exchange of FMS/Wowza as librtmp implements it: the connect {@code _result} carries a
 * {@code secureToken} challenge, a hex string encrypted with XXTEA ("corrected block TEA") under the shared key;
 * the client decrypts it and sends the plain bytes back in {@code secureTokenResponse}.
 */
public final class SecureToken {
    private static final int DELTA = 0x9E37_79B9;

    private SecureToken() {
    }

    /**
     * Decrypts {@code challenge} exactly as librtmp's DecodeTEA: the key is the first 16 bytes of {@code key}
     * packed into four little-endian words (zero-padded); the challenge's hex digits are read two per byte and
     * four bytes per little-endian word (missing digits count as 0, and each digit is read by librtmp's
     * HEX2BIN, which does not reject non-hex characters); the answer is the first half-length-of-the-hex bytes.
     */
    public static byte[] decrypt(String key, String challenge) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int[] k = new int[4];
        for (int i = 0; i < Math.min(16, keyBytes.length); i++) {
            k[i / 4] |= (keyBytes[i] & 0xFF) << (8 * (i % 4));
        }
        byte[] hex = challenge.getBytes(StandardCharsets.ISO_8859_1);
        int n = (hex.length + 7) / 8;
        if (n == 0) {
            return new byte[0];
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < 4; b++) {
                int at = i * 8 + b * 2;
                int value = (hexDigit(hex, at) << 4) + hexDigit(hex, at + 1);
                v[i] |= (value & 0xFF) << (8 * b);
            }
        }
        int rounds = 6 + 52 / n;
        int sum = rounds * DELTA;
        int y = v[0];
        int z;
        while (sum != 0) {
            int e = (sum >>> 2) & 3;
            for (int p = n - 1; p > 0; p--) {
                z = v[p - 1];
                y = v[p] -= mx(k, sum, y, z, p, e);
            }
            z = v[n - 1];
            y = v[0] -= mx(k, sum, y, z, 0, e);
            sum -= DELTA;
        }
        byte[] plain = new byte[n * 4];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (v[i / 4] >>> (8 * (i % 4)));
        }
        return Arrays.copyOf(plain, hex.length / 2);
    }

    private static int mx(int[] k, int sum, int y, int z, int p, int e) {
        return (((z >>> 5) ^ (y << 2)) + ((y >>> 3) ^ (z << 4))) ^ ((sum ^ y) + (k[(p & 3) ^ e] ^ z));
    }

    /** librtmp's HEX2BIN: the low nibble, plus 9 for letters; bytes past the end read as 0. */
    private static int hexDigit(byte[] hex, int at) {
        if (at >= hex.length) {
            return 0;
        }
        int c = hex[at];
        return (c & 0x40) != 0 ? (c & 0x0F) + 9 : c & 0x0F;
    }

    /**
     * {@code secureTokenResponse} with transaction id 0, a null command object and the answer as an AMF0 string of
     * exactly these bytes (librtmp sends them as they are, not re-encoded), on message stream 0.
     */
    public static RtmpMessage response(byte[] answer) {
        ByteBuf out = Unpooled.wrappedBuffer(Amf0.encodeAll("secureTokenResponse", 0.0, null));
        ByteBuf string = Unpooled.buffer(answer.length + 5);
        if (answer.length <= 0xFFFF) {
            string.writeByte(0x02).writeShort(answer.length);
        } else {
            string.writeByte(0x0C).writeInt(answer.length);
        }
        string.writeBytes(answer);
        return new RtmpMessage(MessageType.AMF0_COMMAND, 0, 0,
                ByteBufUtil.getBytes(Unpooled.wrappedBuffer(out, string)));
    }
}
