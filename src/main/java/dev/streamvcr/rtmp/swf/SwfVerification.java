package dev.streamvcr.rtmp.swf;

import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SWF verification on the wire, as librtmp does it (Adobe never published it): the server sends User Control event
 * 26 ("SWF verification request") and the client answers with event 27, whose data is 42 bytes:
 * <pre>
 *   0x01 0x01                 type 1 verification
 *   size   (4 bytes, big-endian)  the decompressed SWF size
 *   size   (4 bytes, big-endian)  again
 *   HMAC-SHA256(key = last 32 bytes of the server's handshake S1, data = the 32-byte SWF hash)
 * </pre>
 * The S1 key comes from {@code ClientHandshake.swfVerificationKey()} after a digest handshake.
 */
public final class SwfVerification {
    /** User Control event type of the server's request. */
    public static final int REQUEST_EVENT = 26;
    /** User Control event type of the client's answer. */
    public static final int RESPONSE_EVENT = 27;
    /** Length of the answer's event data (after the 2-byte event type). */
    public static final int RESPONSE_LENGTH = 42;

    private SwfVerification() {
    }

    /** @return whether {@code message} is a User Control SWF verification request */
    public static boolean isRequest(RtmpMessage message) {
        byte[] payload = message.payload();
        return message.typeId() == MessageType.USER_CONTROL.id() && payload.length >= 2
                && ((payload[0] & 0xFF) << 8 | payload[1] & 0xFF) == REQUEST_EVENT;
    }

    /**
     * @param serverKey the last 32 bytes of the server's S1
     * @return the 42-byte event data of the answer
     */
    public static byte[] response(SwfHash swf, byte[] serverKey) {
        Objects.requireNonNull(swf, "swf");
        if (serverKey.length != 32) {
            throw new IllegalArgumentException("the server key is the last 32 bytes of S1, got " + serverKey.length);
        }
        byte[] out = new byte[RESPONSE_LENGTH];
        out[0] = 1;
        out[1] = 1;
        writeInt(out, 2, swf.size());
        writeInt(out, 6, swf.size());
        System.arraycopy(hmacSha256(serverKey, swf.hash()), 0, out, 10, 32);
        return out;
    }

    /** @return the answer as a User Control message (message stream 0, timestamp 0; send it on chunk stream 2) */
    public static RtmpMessage responseMessage(SwfHash swf, byte[] serverKey) {
        byte[] payload = new byte[2 + RESPONSE_LENGTH];
        payload[1] = RESPONSE_EVENT;
        System.arraycopy(response(swf, serverKey), 0, payload, 2, RESPONSE_LENGTH);
        return new RtmpMessage(MessageType.USER_CONTROL, 0, 0, payload);
    }

    private static void writeInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    private static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
