package dev.streamvcr.preview.trace;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A viewer's code for one recording: for every segment {@code k} (counted from 0), whether the viewer gets variant A
 * ({@code +1}) or B ({@code −1}), and at which segments their name is burned in.
 *
 * <p>The bits are HMAC-SHA256 of a server key, the recording and the viewer, stretched by HMAC in counter mode: to
 * anyone without the key they are independent fair coin flips, different for every viewer and recording and never
 * repeating, so any stretch of {@code L} segments is a fresh random codeword of length {@code L}. A random code read
 * with soft decisions and scored against every candidate (see {@link CodeMatch}) is the maximum-likelihood decoder of
 * the channel the capture is: it corrects wrong and missing segments without a structure of its own and needs no
 * synchronisation beyond the segment index, which the trace recovers by aligning the capture in time.
 */
public final class ViewerCode {

    private static final int BITS_PER_BLOCK = 256;

    private final long viewerId;
    private final byte[] seed;
    private byte[] bits = new byte[0];

    private ViewerCode(long viewerId, byte[] seed) {
        this.viewerId = viewerId;
        this.seed = seed;
    }

    /**
     * The code of {@code viewerId} for {@code recordingId}.
     *
     * @param key the server's code key, at least 16 bytes; changing it changes every code, so old leaks can no longer
     *     be traced
     */
    public static ViewerCode of(byte[] key, long recordingId, long viewerId) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the code key must have at least 16 bytes");
        }
        byte[] seed = hmac(key, ("streamvcr-ab-code|" + recordingId + "|" + viewerId).getBytes(StandardCharsets.UTF_8));
        return new ViewerCode(viewerId, seed);
    }

    public long viewerId() {
        return viewerId;
    }

    /** {@code +1} when the viewer gets variant A of segment {@code segment}, {@code −1} for B. */
    public synchronized int sign(int segment) {
        if (segment < 0) {
            throw new IllegalArgumentException("segments are counted from 0: " + segment);
        }
        while (segment >= bits.length * 8) {
            int block = bits.length * 8 / BITS_PER_BLOCK;
            byte[] more = hmac(seed, ByteBuffer.allocate(8).putLong(block).array());
            bits = Arrays.copyOf(bits, bits.length + more.length);
            System.arraycopy(more, 0, bits, bits.length - more.length, more.length);
        }
        return ((bits[segment >> 3] >> (segment & 7)) & 1) == 1 ? 1 : -1;
    }

    /**
     * Whether the viewer's name is burned into segment {@code segment} when it is in every {@code every}-th segment: at
     * {@code offset, offset + every, …}, the offset in {@code 1 … every − 1} drawn from the code, so viewers' name
     * segments fall at different places (spreading their cost) and never on the first segment (which plays at once).
     */
    public boolean carriesName(int segment, int every) {
        if (every < 2) {
            return every == 1;
        }
        int offset = 1 + Math.floorMod(ByteBuffer.wrap(seed).getInt(), every - 1);
        return segment >= offset && (segment - offset) % every == 0;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
