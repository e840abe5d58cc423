package dev.streamvcr.rtmp.handshake;

import static dev.streamvcr.rtmp.handshake.FlashHandshakeReferee.FIRST_BLOCK;
import static dev.streamvcr.rtmp.handshake.FlashHandshakeReferee.SECOND_BLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestHandshakeTest {

    private static byte[] c1Of(ClientHandshake handshake) {
        return Arrays.copyOfRange(handshake.c0c1(), 1, 1537);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void c1CarriesAPlayerVersionAndAPlayerDigestAtTheFirstBlockOffset(long seed) {
        byte[] c0c1 = ClientHandshake.digest(new Random(seed), 0x01020304L).c0c1();
        assertEquals(3, c0c1[0]);
        byte[] c1 = Arrays.copyOfRange(c0c1, 1, 1537);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 10, 0, 45, 2}, Arrays.copyOf(c1, 8), "time, then version 10.0.45.2");
        assertEquals(OptionalInt.of(FlashHandshakeReferee.offset(c1, FIRST_BLOCK)),
                FlashHandshakeReferee.clientDigestOffset(c1));

        c1[1000] ^= 1;
        c1[100] ^= 1;
        assertEquals(OptionalInt.empty(), FlashHandshakeReferee.clientDigestOffset(c1), "any flipped byte breaks it");
    }

    @Test
    void simpleC1HasNoVersionAndNoDigest() {
        byte[] c1 = c1Of(ClientHandshake.simple(new Random(1), 0));
        assertArrayEquals(new byte[4], Arrays.copyOfRange(c1, 4, 8));
        assertEquals(OptionalInt.empty(), FlashHandshakeReferee.clientDigestOffset(c1));
        assertFalse(ClientHandshake.simple().usesDigest());
    }

    @ParameterizedTest
    @ValueSource(ints = {FIRST_BLOCK, SECOND_BLOCK})
    void acceptsAServerDigestUnderEitherSchemeAndSignsC2ForIt(int scheme) {
        Random server = new Random(40 + scheme);
        ClientHandshake handshake = ClientHandshake.digest(new Random(9), 0);
        byte[] c1 = c1Of(handshake);
        int clientDigest = FlashHandshakeReferee.clientDigestOffset(c1).orElseThrow();
        byte[] s1 = FlashHandshakeReferee.signedS1(server, scheme);
        byte[] s2 = FlashHandshakeReferee.signedS2(server, c1, clientDigest);
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(s1).writeBytes(s2).writeBytes(new byte[] {7, 7});

        assertTrue(handshake.swfVerificationKey().isEmpty(), "no key before S1");
        byte[] c2 = handshake.feed(in.readSlice(1537));
        int serverDigest = FlashHandshakeReferee.offset(s1, scheme);
        assertTrue(FlashHandshakeReferee.c2Verifies(c2, s1, serverDigest), "C2 signed for the server's digest");
        assertFalse(Arrays.equals(s1, c2), "a digest C2 is not an echo");
        assertTrue(handshake.usesDigest());
        assertArrayEquals(Arrays.copyOfRange(s1, 1504, 1536), handshake.swfVerificationKey().orElseThrow());

        assertNull(handshake.feed(in.readSlice(700)));
        assertFalse(handshake.isDone());
        assertNull(handshake.feed(in));
        assertTrue(handshake.isDone());
        assertEquals(2, in.readableBytes(), "chunk stream bytes after S2 stay unread");
    }

    @Test
    void refusesAnS1WhoseDigestDoesNotVerify() {
        ClientHandshake handshake = ClientHandshake.digest(new Random(10), 0);
        byte[] s1 = FlashHandshakeReferee.signedS1(new Random(11), SECOND_BLOCK);
        s1[1535] ^= 0x40; // past any digest: the second scheme ends its digest by byte 1534
        assertTrue(FlashHandshakeReferee.serverDigestOffset(s1).isEmpty(), "the flip must break the signature");
        RtmpProtocolException e = assertThrows(RtmpProtocolException.class,
                () -> handshake.feed(Unpooled.buffer().writeByte(3).writeBytes(s1)));
        assertEquals("RTMP handshake: the server (version 13.14.10.13) claimed the Flash Player 9 handshake, but its"
                + " S1 carries no valid Flash Media Server digest at either offset; it is not an Adobe-compatible"
                + " server", e.getMessage());
    }

    @Test
    void refusesAnS2NotSignedForOurDigest() {
        ClientHandshake handshake = ClientHandshake.digest(new Random(12), 0);
        byte[] c1 = c1Of(handshake);
        byte[] s1 = FlashHandshakeReferee.signedS1(new Random(13), FIRST_BLOCK);
        assertTrue(handshake.feed(Unpooled.buffer().writeByte(3).writeBytes(s1)) != null);
        RtmpProtocolException e = assertThrows(RtmpProtocolException.class,
                () -> handshake.feed(Unpooled.wrappedBuffer(c1)), "an S2 that merely echoes C1 is not signed");
        assertEquals("RTMP handshake: the server's S2 is not signed for our C1 digest, as a Flash Player 9 handshake"
                + " requires; the server is not Adobe-compatible", e.getMessage());
        assertFalse(handshake.isDone());
    }

    @Test
    void fallsBackToTheSimpleHandshakeWhenS1HasNoVersion() {
        ClientHandshake handshake = ClientHandshake.digest(new Random(14), 0);
        byte[] s1 = new byte[1536];
        new Random(15).nextBytes(s1);
        s1[4] = 0;
        byte[] s2 = new byte[1536];
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(s1).writeBytes(s2);
        assertArrayEquals(s1, handshake.feed(in), "C2 echoes S1, as in the simple handshake");
        assertTrue(handshake.isDone(), "S2 is not checked");
        assertFalse(handshake.usesDigest());
        assertTrue(handshake.swfVerificationKey().isEmpty());
    }
}
