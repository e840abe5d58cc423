package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Reading and writing the fixed-size payloads of control messages, with exact errors. */
final class Payloads {
    private Payloads() {
    }

    /** @return a reader over the payload, after checking the type and that it has at least {@code minLength} bytes */
    static ByteBuf open(RtmpMessage message, MessageType expected, int minLength) {
        if (message.typeId() != expected.id()) {
            throw new IllegalArgumentException("expected a " + expected + " message, got " + message);
        }
        if (message.payload().length < minLength) {
            throw new RtmpProtocolException("RTMP: " + expected + " message has " + message.payload().length
                    + " bytes, needs " + minLength);
        }
        return Unpooled.wrappedBuffer(message.payload());
    }

    /** A control message (spec 5.4: message stream id 0, timestamp ignored) of big-endian 32-bit values. */
    static RtmpMessage control(MessageType type, long... u32s) {
        byte[] payload = new byte[u32s.length * 4];
        ByteBuf out = Unpooled.wrappedBuffer(payload).writerIndex(0);
        for (long value : u32s) {
            out.writeInt((int) value);
        }
        return new RtmpMessage(type, 0, 0, payload);
    }
}
