package dev.streamvcr.hls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AES-128-CBC with PKCS7 padding, whole and streamed, against known vectors, javax.crypto and ffmpeg. */
class SegmentCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    // NIST SP 800-38A, F.2.1 CBC-AES128.Encrypt
    private static final byte[] NIST_KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] NIST_IV = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] NIST_PLAIN = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a"
            + "ae2d8a571e03ac9c9eb76fac45af8e51" + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710");
    private static final byte[] NIST_CIPHER = HEX.parseHex("7649abac8119b246cee98e9b12e9197d"
            + "5086cb9b507219ee95db113a917678b2" + "73bed6b8e3c1743b7116e69e22229516" + "3ff1caa1681fac09120eca307586e1a7");
    /** The block PKCS7 padding adds after those four, as {@code openssl enc -aes-128-cbc} writes it. */
    private static final byte[] NIST_PADDING_BLOCK = HEX.parseHex("8cb82807230e1321d3fae00d18cc2012");

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] encrypt(byte[] key, byte[] iv, byte[] plain) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(plain);
    }

    private static byte[] streamed(byte[] key, byte[] iv, byte[] segment, int chunk) {
        SegmentCipher cipher = SegmentCipher.start(key, iv);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int at = 0; at < segment.length; at += chunk) {
            plain.writeBytes(cipher.update(segment, at, Math.min(chunk, segment.length - at)));
        }
        plain.writeBytes(cipher.finish());
        return plain.toByteArray();
    }

    @Test
    void nistCbcAes128VectorWithItsPaddingBlock() {
        assertArrayEquals(NIST_PLAIN, SegmentCipher.decrypt(NIST_KEY, NIST_IV, concat(NIST_CIPHER,
                NIST_PADDING_BLOCK)));
    }

    @Test
    void streamingHoldsBackTheLastBlockUntilItsPaddingIsChecked() {
        SegmentCipher cipher = SegmentCipher.start(NIST_KEY, NIST_IV);
        byte[] firstBlocks = cipher.update(NIST_CIPHER);
        assertArrayEquals(java.util.Arrays.copyOf(NIST_PLAIN, 48), firstBlocks);
        // without its padding block the vector's last block ends in 0x10 followed by no padding: refused
        SegmentDecryptionException e = assertThrows(SegmentDecryptionException.class, cipher::finish);
        assertEquals("the segment's PKCS7 padding is wrong after decryption: the key is not this segment's, or the"
                + " segment is damaged", e.getMessage());
    }

    @Test
    void roundTripWithJavaxEncryptionWholeAndInChunks() throws Exception {
        Random random = new Random(8216);
        for (int size : new int[] {0, 1, 15, 16, 17, 188, 4095, 65536 + 3}) {
            byte[] key = new byte[16];
            byte[] iv = new byte[16];
            byte[] plain = new byte[size];
            random.nextBytes(key);
            random.nextBytes(iv);
            random.nextBytes(plain);
            byte[] segment = encrypt(key, iv, plain);
            assertArrayEquals(plain, SegmentCipher.decrypt(key, iv, segment), "size " + size);
            for (int chunk : new int[] {1, 7, 16, 4096}) {
                assertArrayEquals(plain, streamed(key, iv, segment, chunk), "size " + size + " in " + chunk);
            }
        }
    }

    @Test
    void decryptsASegmentFfmpegEncryptedWithAKeyInfoFile() {
        // ffmpeg -hls_key_info_file with key "0123456789abcdef" and IV 0x000102030405060708090a0b0c0d0e0f
        byte[] segment = TestPlaylists.resource("ffmpeg-aes128-segment.ts");
        byte[] key = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] ts = SegmentCipher.decrypt(key, NIST_IV, segment);
        assertEquals(0, ts.length % 188, "whole MPEG-TS packets");
        for (int packet = 0; packet < ts.length; packet += 188) {
            assertEquals(0x47, ts[packet], "sync byte of the packet at " + packet);
        }
        assertArrayEquals(ts, streamed(key, NIST_IV, segment, 1000));
    }

    @Test
    void aKeyOfAnotherSizeIsRefused() {
        for (int size : new int[] {0, 15, 17, 32}) {
            SegmentDecryptionException e = assertThrows(SegmentDecryptionException.class,
                    () -> SegmentCipher.start(new byte[size], NIST_IV));
            assertEquals("the AES-128 key is " + size + " bytes, not 16: the key URL answered something other than"
                    + " a key", e.getMessage());
        }
    }

    @Test
    void aWrongKeyShowsInThePadding() throws Exception {
        byte[] segment = encrypt(NIST_KEY, NIST_IV, new byte[1000]);
        byte[] wrongKey = NIST_KEY.clone();
        wrongKey[0] ^= 1;
        SegmentDecryptionException e = assertThrows(SegmentDecryptionException.class,
                () -> SegmentCipher.decrypt(wrongKey, NIST_IV, segment));
        assertEquals("the segment's PKCS7 padding is wrong after decryption: the key is not this segment's, or the"
                + " segment is damaged", e.getMessage());
    }

    @Test
    void aSegmentCutShortIsRefused() {
        for (int size : new int[] {0, 1000}) {
            SegmentDecryptionException e = assertThrows(SegmentDecryptionException.class,
                    () -> SegmentCipher.decrypt(NIST_KEY, NIST_IV, new byte[size]));
            assertEquals("the encrypted segment is " + size + " bytes, not a whole number of 16-byte AES blocks (at"
                    + " least one): it was cut short", e.getMessage());
        }
    }

    @Test
    void aFinishedCipherTakesNoMore() {
        SegmentCipher cipher = SegmentCipher.start(NIST_KEY, NIST_IV);
        cipher.update(concat(NIST_CIPHER, NIST_PADDING_BLOCK));
        cipher.finish();
        assertThrows(IllegalStateException.class, cipher::finish);
        assertThrows(IllegalStateException.class, () -> cipher.update(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> SegmentCipher.start(NIST_KEY, new byte[8]));
    }
}
