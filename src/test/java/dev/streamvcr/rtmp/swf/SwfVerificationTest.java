package dev.streamvcr.rtmp.swf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SwfVerificationTest {

    @Test
    void responseIsTypeSizeSizeAndTheHashSignedWithTheServerKey() throws SwfException {
        SwfHash swf = SwfHash.of(TestSwf.fws(1, 0x012345));
        byte[] serverKey = new byte[32];
        new Random(2).nextBytes(serverKey);

        byte[] response = SwfVerification.response(swf, serverKey);
        assertEquals(42, response.length);
        assertArrayEquals(new byte[] {1, 1, 0, 1, 0x23, 0x45, 0, 1, 0x23, 0x45}, Arrays.copyOf(response, 10));
        assertArrayEquals(FlashHandshakeReferee.hmac(serverKey, swf.hash()), Arrays.copyOfRange(response, 10, 42));

        byte[] otherKey = serverKey.clone();
        otherKey[31] ^= 1;
        assertFalse(Arrays.equals(response, SwfVerification.response(swf, otherKey)));
        assertThrows(IllegalArgumentException.class, () -> SwfVerification.response(swf, new byte[30]));
    }

    @Test
    void responseMessageIsUserControlEvent27() throws SwfException {
        SwfHash swf = SwfHash.of(TestSwf.fws(3, 100));
        byte[] serverKey = new byte[32];
        RtmpMessage message = SwfVerification.responseMessage(swf, serverKey);
        assertEquals(MessageType.USER_CONTROL.id(), message.typeId());
        assertEquals(0, message.messageStreamId());
        assertArrayEquals(new byte[] {0, 27}, Arrays.copyOf(message.payload(), 2));
        assertArrayEquals(SwfVerification.response(swf, serverKey), Arrays.copyOfRange(message.payload(), 2, 44));
    }

    @Test
    void recognisesTheRequest() {
        assertTrue(SwfVerification.isRequest(new RtmpMessage(MessageType.USER_CONTROL, 0, 0, new byte[] {0, 26})));
        assertTrue(SwfVerification.isRequest(
                new RtmpMessage(MessageType.USER_CONTROL, 0, 0, new byte[] {0, 26, 1, 0, 0, 0})));
        assertFalse(SwfVerification.isRequest(new RtmpMessage(MessageType.USER_CONTROL, 0, 0, new byte[] {0, 27})));
        assertFalse(SwfVerification.isRequest(new RtmpMessage(MessageType.USER_CONTROL, 0, 0, new byte[] {0})));
        assertFalse(SwfVerification.isRequest(new RtmpMessage(MessageType.AMF0_COMMAND, 0, 0, new byte[] {0, 26})));
    }
}
