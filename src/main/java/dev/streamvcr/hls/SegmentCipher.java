package dev.streamvcr.hls;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts one segment encrypted with METHOD=AES-128 (RFC 8216 §4.3.2.4, §5.2): AES with a 128-bit key in CBC mode,
 * PKCS7 padding (§5.2 cites RFC 5652; Java calls it PKCS5Padding, the same for 16-byte blocks). The key is the 16
 * bytes the key URI answers with (§5.1, KEYFORMAT "identity"); the IV comes from {@link SegmentKey#iv(long)}.
 *
 * <p>Streaming: {@link #update} takes the segment in chunks as they arrive and returns the plaintext decrypted so far,
 * holding back the last block until {@link #finish} checks its padding, so a segment is never held twice in memory.
 * {@link #decrypt} does it in one call. One instance decrypts one segment and is not thread-safe.
 */
public final class SegmentCipher {
    /** AES-128 key and block size in bytes. */
    public static final int BLOCK = 16;
    private static final byte[] NOTHING = new byte[0];

    private final Cipher cipher;
    private long length;
    private boolean finished;

    private SegmentCipher(Cipher cipher) {
        this.cipher = cipher;
    }

    /**
     * Starts decrypting a segment.
     *
     * @param key the key file's bytes, which must be 16
     * @param iv  16 bytes
     * @throws SegmentDecryptionException when the key is not 16 bytes
     */
    public static SegmentCipher start(byte[] key, byte[] iv) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(iv, "iv");
        if (key.length != BLOCK) {
            throw new SegmentDecryptionException("the AES-128 key is " + key.length + " bytes, not 16: the key URL"
                    + " answered something other than a key");
        }
        if (iv.length != BLOCK) {
            throw new IllegalArgumentException("an AES-128 IV is 16 bytes, got " + iv.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return new SegmentCipher(cipher);
        } catch (GeneralSecurityException e) {
            // every Java platform must provide AES/CBC/PKCS5Padding (Cipher's Javadoc)
            throw new IllegalStateException("AES/CBC/PKCS5Padding is not available", e);
        }
    }

    /**
     * Decrypts a whole segment.
     *
     * @throws SegmentDecryptionException when the key is not 16 bytes, the segment is cut short, or its padding is
     *                                    wrong
     */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] segment) {
        SegmentCipher cipher = start(key, iv);
        byte[] head = cipher.update(segment, 0, segment.length);
        byte[] tail = cipher.finish();
        byte[] plain = new byte[head.length + tail.length];
        System.arraycopy(head, 0, plain, 0, head.length);
        System.arraycopy(tail, 0, plain, head.length, tail.length);
        return plain;
    }

    /** Same as {@link #update(byte[], int, int)} for a whole array. */
    public byte[] update(byte[] chunk) {
        return update(chunk, 0, chunk.length);
    }

    /**
     * Takes the next bytes of the segment.
     *
     * @return the plaintext they complete, possibly empty; the last block is only returned by {@link #finish}
     * @throws IllegalStateException after {@link #finish}
     */
    public byte[] update(byte[] chunk, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, chunk.length);
        checkNotFinished();
        length += count;
        byte[] plain = cipher.update(chunk, offset, count);
        return plain == null ? NOTHING : plain;
    }

    /**
     * Ends the segment: checks that it was a whole number of blocks and that the padding is right.
     *
     * @return the rest of the plaintext, without the padding
     * @throws SegmentDecryptionException when the segment was cut short or its padding is wrong
     * @throws IllegalStateException      when called twice
     */
    public byte[] finish() {
        checkNotFinished();
        finished = true;
        if (length == 0 || length % BLOCK != 0) {
            throw new SegmentDecryptionException("the encrypted segment is " + length + " bytes, not a whole number"
                    + " of 16-byte AES blocks (at least one): it was cut short");
        }
        try {
            return cipher.doFinal();
        } catch (BadPaddingException e) {
            throw new SegmentDecryptionException("the segment's PKCS7 padding is wrong after decryption: the key is"
                    + " not this segment's, or the segment is damaged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC refused a whole number of blocks", e);
        }
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("this segment's decryption has finished");
        }
    }
}
