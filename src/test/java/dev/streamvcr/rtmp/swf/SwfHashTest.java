package dev.streamvcr.rtmp.swf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SwfHashTest {
    private static final byte[] KEY = "Genuine Adobe Flash Player 001".getBytes(StandardCharsets.US_ASCII);

    @Test
    void anFwsFileIsHashedWholeWithThePlayerKey() throws SwfException {
        byte[] fws = TestSwf.fws(1, 5000);
        SwfHash hash = SwfHash.of(fws);
        assertArrayEquals(FlashHandshakeReferee.hmac(KEY, fws), hash.hash());
        assertEquals(5000, hash.size());
        assertEquals(64, hash.hex().length());
    }

    @Test
    void aCwsFileIsHashedAsItsDecompressedFwsForm() throws SwfException {
        byte[] fws = TestSwf.fws(2, 200_000);
        byte[] cws = TestSwf.cws(fws);
        assertEquals('C', cws[0]);
        assertEquals(SwfHash.of(fws), SwfHash.of(cws));
        assertEquals(200_000, SwfHash.of(cws).size(), "size is the decompressed size");
        assertNotEquals(SwfHash.of(fws), SwfHash.of(TestSwf.fws(3, 200_000)));
    }

    @Test
    void refusesWhatItCannotHashWithAReason() {
        byte[] zws = TestSwf.fws(4, 100);
        zws[0] = 'Z';
        assertEquals("it is LZMA-compressed (ZWS), which SWF verification does not support (rtmpdump does not"
                + " either)", assertThrows(SwfException.class, () -> SwfHash.of(zws)).getMessage());
        assertEquals("it is not a Flash file (it starts with \"<html><b\")", assertThrows(SwfException.class,
                () -> SwfHash.of("<html><body>gone</body></html>".getBytes(StandardCharsets.US_ASCII))).getMessage());
        assertEquals("it is not a Flash file (it starts with \"FW\")",
                assertThrows(SwfException.class, () -> SwfHash.of(new byte[] {'F', 'W'})).getMessage());

        byte[] cws = TestSwf.cws(TestSwf.fws(5, 100_000));
        byte[] cut = Arrays.copyOf(cws, cws.length / 2);
        assertEquals("its compressed data ends early (" + cut.length + " bytes downloaded); the download was"
                + " probably cut short", assertThrows(SwfException.class, () -> SwfHash.of(cut)).getMessage());
        byte[] corrupt = cws.clone();
        corrupt[8] = (byte) 0xFF; // the zlib header's method byte
        assertEquals("its compressed data is corrupt (incorrect header check)",
                assertThrows(SwfException.class, () -> SwfHash.of(corrupt)).getMessage());
    }

    @Test
    void refusesAFileThatInflatesWithoutEnd() {
        byte[] huge = new byte[SwfHash.MAX_DECOMPRESSED_SIZE + 1];
        huge[0] = 'F';
        huge[1] = 'W';
        huge[2] = 'S';
        byte[] bomb = TestSwf.cws(huge);
        assertEquals("it decompresses to more than 64 MiB, far more than any Flash player",
                assertThrows(SwfException.class, () -> SwfHash.of(bomb)).getMessage());
    }
}
