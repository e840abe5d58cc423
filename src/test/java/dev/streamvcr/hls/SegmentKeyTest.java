package dev.streamvcr.hls;

import java.net.URI;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import static dev.streamvcr.hls.TestPlaylists.media;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IV of a segment (RFC 8216 §5.2, §4.3.2.4) and what counts as DRM. */
class SegmentKeyTest {
    private static final URI KEY = URI.create("https://keys.example/k");

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static SegmentKey keyWithIv(String ivAttribute) {
        return media("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=" + ivAttribute
                + "\n#EXTINF:4,\na.ts\n", "https://keys.example/p.m3u8").segments().get(0).key();
    }

    @Test
    void withoutIvTheSequenceNumberIsABigEndian128BitInteger() {
        SegmentKey key = new SegmentKey(SegmentKey.Method.AES_128, KEY, null, SegmentKey.IDENTITY, "1");
        assertArrayEquals(hex("00000000000000000000000000000001"), key.iv(1));
        assertArrayEquals(hex("00000000000000000000000000000000"), key.iv(0));
        assertArrayEquals(hex("000000000000000000000000075bcd15"), key.iv(123456789));
        assertArrayEquals(hex("00000000000000007fffffffffffffff"), key.iv(Long.MAX_VALUE));
    }

    @Test
    void anExplicitIvIsUsedForEverySegment() {
        SegmentKey key = keyWithIv("0x0123456789ABCDEF0123456789abcdef");
        assertArrayEquals(hex("0123456789abcdef0123456789abcdef"), key.explicitIv());
        assertArrayEquals(hex("0123456789abcdef0123456789abcdef"), key.iv(1));
        assertArrayEquals(hex("0123456789abcdef0123456789abcdef"), key.iv(99));
    }

    /**
     * §4.3.2.4 makes the IV "a 128-bit unsigned integer"; written with fewer than 32 digits it is the same integer,
     * so it is padded on the left like §5.2's sequence numbers. Leading zeros past 32 digits change nothing; a value
     * over 128 bits is refused (see MalformedPlaylistTest).
     */
    @Test
    void aShortIvIsTheSameIntegerPaddedWithZerosOnTheLeft() {
        assertArrayEquals(hex("00000000000000000000000000000001"), keyWithIv("0x1").iv(7));
        assertArrayEquals(hex("00000000000000000000000000000abc"), keyWithIv("0XABC").iv(7));
        assertArrayEquals(hex("ffffffffffffffffffffffffffffffff"),
                keyWithIv("0x0000ffffffffffffffffffffffffffffffff").iv(7));
    }

    @Test
    void theKeyIsAValueAndItsIvCannotBeChangedFromOutside() {
        byte[] iv = hex("000102030405060708090a0b0c0d0e0f");
        SegmentKey key = new SegmentKey(SegmentKey.Method.AES_128, KEY, iv, SegmentKey.IDENTITY, "1");
        iv[0] = 9;
        key.explicitIv()[1] = 9;
        key.iv(5)[2] = 9;
        assertArrayEquals(hex("000102030405060708090a0b0c0d0e0f"), key.iv(5));
        assertEquals(new SegmentKey(SegmentKey.Method.AES_128, KEY, hex("000102030405060708090a0b0c0d0e0f"),
                SegmentKey.IDENTITY, "1"), key);
        assertNotEquals(new SegmentKey(SegmentKey.Method.AES_128, KEY, null, SegmentKey.IDENTITY, "1"), key);
        assertTrue(key.toString().contains("explicitIv=0x000102030405060708090a0b0c0d0e0f"), key.toString());
    }

    @Test
    void drmIsSampleAesOrAKeyFormatOtherThanIdentity() {
        assertFalse(SegmentKey.NONE.isDrm());
        assertFalse(new SegmentKey(SegmentKey.Method.AES_128, KEY, null, "identity", "1").isDrm());
        assertTrue(new SegmentKey(SegmentKey.Method.SAMPLE_AES, KEY, null, "identity", "1").isDrm());
        assertTrue(new SegmentKey(SegmentKey.Method.SAMPLE_AES_CTR, KEY, null, "identity", "1").isDrm());
        assertTrue(new SegmentKey(SegmentKey.Method.AES_128, KEY, null, "com.widevine", "1").isDrm());
        assertEquals(SegmentKey.Method.OTHER, SegmentKey.Method.of("AES-256"));
        assertEquals(SegmentKey.Method.SAMPLE_AES_CTR, SegmentKey.Method.of("SAMPLE-AES-CTR"));
    }
}
