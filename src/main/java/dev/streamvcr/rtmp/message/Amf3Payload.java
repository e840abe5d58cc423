package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.Amf0Exception;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;

/**
 * Bodies of AMF3 command (type 17) and AMF3 data (type 15) messages (RTMP spec 7.1.1, 7.1.2): AMF0 values, any of
 * which may switch to an AMF3 value with the avmplus-object marker (AMF0 spec 3.1), after a format byte 0. Senders
 * differ on that byte for data messages (Red5 reads type 15 bodies that start with the values themselves), and no
 * body starts with an AMF0 number, so a leading 0 is taken for the format byte and anything else for the first value.
 */
public final class Amf3Payload {
    private Amf3Payload() {
    }

    /** @return the values of an AMF3 command or data message, in order; null entries stand for null */
    static List<Object> values(RtmpMessage message, String what) {
        byte[] payload = message.payload();
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        if (payload.length > 0 && payload[0] == 0) {
            in.skipBytes(1);
        }
        return decode(in, what);
    }

    /** @return the AMF values from {@code in} up to its end, or the protocol error that names {@code what} broke */
    static List<Object> decode(ByteBuf in, String what) {
        try {
            return Amf0.decodeAll(in);
        } catch (Amf0Exception e) {
            throw new RtmpProtocolException("RTMP: malformed " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Re-encodes an AMF3 data message (type 15) as the AMF0 data message (type 18) with the same values, timestamp
     * and stream, as FLV script data must be AMF0 (FLV spec E.4.4.1).
     *
     * @return the AMF0 message, or empty when a value has no AMF0 form (ByteArray, a Dictionary with keys other
     *         than strings) or the AMF0 form would not fit in one message
     * @throws RtmpProtocolException when the body is not well-formed AMF
     */
    public static Optional<RtmpMessage> toAmf0Data(RtmpMessage message) {
        if (message.typeId() != MessageType.AMF3_DATA.id()) {
            throw new IllegalArgumentException("not an AMF3 data message: " + message);
        }
        List<Object> values = values(message, "AMF3 data message");
        byte[] amf0;
        try {
            amf0 = Amf0.encodeAll(values, RtmpMessage.MAX_PAYLOAD);
        } catch (Amf0Exception noAmf0Form) {
            return Optional.empty();
        }
        return Optional.of(new RtmpMessage(MessageType.AMF0_DATA, message.timestamp(), message.messageStreamId(),
                amf0));
    }
}
